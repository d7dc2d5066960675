import type { AppContext } from '../app/kernel/context.js';
import { listPolicyVersions } from '../app/policy/policyQueries.js';
import {
  ORDER_REPLAY_DAYS_AFTER_DELIVERY,
  SIMULATION_MAX_DAYS,
  type SimulatedVersion,
  type SimulationReport,
  simulatePolicy,
} from '../app/policy/simulatePolicy.js';
import { RetourError } from '../domain/errors.js';
import { SPLIT_KEYS, type SplitKey } from '../domain/policy/simulation.js';
import { type ParsedArgs, stringFlag } from './args.js';
import { ProgressBar } from './progress.js';

export const DEFAULT_SIMULATION_DAYS = 90;

export const POLICY_USAGE = `Usage:
  retour policy list [--json]
  retour policy simulate --version ID [--baseline ID] [--days ${DEFAULT_SIMULATION_DAYS}] [--json]

  list       policy versions, newest first; * marks the active one
  simulate   replay version ID against the returns and orders of the last --days days (1-${SIMULATION_MAX_DAYS}),
             next to the active version (or --baseline ID)`;

export interface PolicyCommandIo {
  /** The result: the table, or JSON with --json. */
  out: (text: string) => void | Promise<void>;
  /** Messages and usage errors. */
  err: (text: string) => void;
  /** Draw a progress bar on stderr while simulating. */
  progress: boolean;
}

const processIo: PolicyCommandIo = {
  // Resolves once written: the CLI exits right after, and a long report must not be cut off.
  out: (text) =>
    new Promise<void>((resolve, reject) =>
      process.stdout.write(text.endsWith('\n') ? text : `${text}\n`, (err) => (err ? reject(err) : resolve())),
    ),
  err: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
  progress: true,
};

/** `retour policy <list|simulate>`; `args` are the words after `policy`. Returns the exit code:
 * 0 done, 2 bad arguments (also an unknown version id). */
export async function runPolicyCommand(
  ctx: AppContext,
  args: readonly string[],
  flags: ParsedArgs['flags'],
  io: PolicyCommandIo = processIo,
): Promise<number> {
  const json = flags.json !== undefined && flags.json !== 'false';
  const sub = args[0];
  try {
    if (sub === 'list') {
      const { items } = await listPolicyVersions(ctx.db);
      await io.out(json ? JSON.stringify(items, null, 2) : formatVersionList(items));
      return 0;
    }
    if (sub === 'simulate') {
      const parsed = parseSimulateFlags(flags);
      if ('error' in parsed) {
        io.err(`${parsed.error}\n\n${POLICY_USAGE}`);
        return 2;
      }
      const bar = io.progress ? new ProgressBar('Simulating') : null;
      const report = await simulatePolicy(ctx, parsed, bar ? (done, total) => bar.update(done, total) : undefined);
      bar?.done();
      await io.out(json ? JSON.stringify(report, null, 2) : formatSimulationReport(report));
      return 0;
    }
  } catch (err) {
    if (err instanceof RetourError && (err.kind === 'not_found' || err.kind === 'invalid')) {
      io.err(`${err.code}: ${err.message}`);
      return 2;
    }
    throw err;
  }
  io.err(`${sub ? `Unknown policy command "${sub}".` : 'policy needs a command.'}\n\n${POLICY_USAGE}`);
  return 2;
}

/** The simulate flags, checked: --version is required, --days a whole number from 1 to 730. */
export function parseSimulateFlags(
  flags: ParsedArgs['flags'],
): { candidateVersionId: string; baselineVersionId?: string; days: number } | { error: string } {
  const version = stringFlag(flags, 'version');
  if (!version) return { error: 'policy simulate needs --version <id> (see retour policy list).' };
  if (flags.baseline !== undefined && !stringFlag(flags, 'baseline')) return { error: '--baseline needs a version id.' };
  const baseline = stringFlag(flags, 'baseline');
  let days = DEFAULT_SIMULATION_DAYS;
  if (flags.days !== undefined) {
    const raw = stringFlag(flags, 'days') ?? '';
    days = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
    if (!Number.isInteger(days) || days < 1 || days > SIMULATION_MAX_DAYS)
      return { error: `--days must be a whole number from 1 to ${SIMULATION_MAX_DAYS}.` };
  }
  return { candidateVersionId: version, ...(baseline ? { baselineVersionId: baseline } : {}), days };
}

export function formatVersionList(
  items: { id: string; number: number; name: string; status: string; active: boolean }[],
): string {
  if (items.length === 0) return 'No policy versions.';
  const rows = [
    ['', '#', 'id', 'name', 'status'],
    ...items.map((v) => [v.active ? '*' : '', String(v.number), v.id, v.name, v.status]),
  ];
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  return rows
    .map((r) =>
      r
        .map((cell, c) => (c === 1 ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

const LABEL = 34;
const COLUMN = 13;
const RESOLUTION_LABELS: Record<SplitKey, string> = {
  refund: 'refund',
  store_credit: 'store credit',
  exchange: 'exchange',
  other: 'other (repair, replacement, keep)',
};

const count = (n: number) => n.toLocaleString('en');
const money = (n: number) => (n / 100).toLocaleString('en', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const signed = (n: number, format: (n: number) => string) => (n > 0 ? `+${format(n)}` : n < 0 ? `-${format(-n)}` : format(0));

function row(label: string, current: number, candidate: number, format: (n: number) => string = count): string {
  return `  ${label.padEnd(LABEL)}${format(current).padStart(COLUMN)}${format(candidate).padStart(COLUMN)}${signed(
    candidate - current,
    format,
  ).padStart(COLUMN)}`;
}

const heading = (title: string) =>
  `${title.padEnd(LABEL + 2)}${'current'.padStart(COLUMN)}${'candidate'.padStart(COLUMN)}${'difference'.padStart(COLUMN)}`;
const describeVersion = (v: SimulatedVersion) => `#${v.number} ${v.name} (${v.id}, ${v.status}${v.active ? ', active' : ''})`;

/** The report as a readable table: current and candidate side by side with the difference. */
export function formatSimulationReport(r: SimulationReport): string {
  const { current: a, candidate: b } = r.sides;
  const out: string[] = [];
  out.push(`Policy simulation over the last ${r.days} days (${r.from.slice(0, 10)} to ${r.to.slice(0, 10)}, ${r.timeZone})`);
  out.push(`  current    ${describeVersion(r.baseline)}`);
  out.push(`  candidate  ${describeVersion(r.candidate)}`);
  out.push(
    `Replayed ${count(r.returns)} return(s) with ${count(r.returnLines)} line(s), and ${count(r.orders.orders)} order(s) with ${count(
      r.orderLines,
    )} line(s).`,
  );
  out.push('');
  out.push(heading('Returned lines'));
  out.push(row('judged', a.lines, b.lines));
  out.push(row('eligible', a.eligible, b.eligible));
  out.push(row('ineligible', a.ineligible, b.ineligible));
  out.push(row('needing review', a.review, b.review));
  out.push(row('chosen resolution not allowed', a.resolutionSwitched, b.resolutionSwitched));
  out.push(row('returns with every line eligible', a.returnsEligible, b.returnsEligible));
  out.push(row('returns approved without review', a.returnsAutoApproved, b.returnsAutoApproved));
  out.push('');
  out.push(heading(`Money (${r.currency})`));
  out.push(row('restocking fees', a.restockingFees, b.restockingFees, money));
  out.push(row('return shipping fees', a.returnShippingFees, b.returnShippingFees, money));
  out.push(row('bonus credit', a.bonus, b.bonus, money));
  out.push('');
  out.push(heading('Expected resolution (lines)'));
  for (const key of SPLIT_KEYS) out.push(row(RESOLUTION_LABELS[key], a.split.lines[key], b.split.lines[key]));
  out.push(heading(`Expected resolution (value, ${r.currency})`));
  for (const key of SPLIT_KEYS) out.push(row(RESOLUTION_LABELS[key], a.split.value[key], b.split.value[key], money));
  const codes = [...new Set([...Object.keys(a.codes), ...Object.keys(b.codes)])].sort() as (keyof typeof a.codes)[];
  if (codes.length > 0) {
    out.push('');
    out.push(heading('Lines per verdict code'));
    for (const code of codes) out.push(row(code, a.codes[code] ?? 0, b.codes[code] ?? 0));
  }
  const returnCodes = [
    ...new Set([...Object.keys(a.returnCodes), ...Object.keys(b.returnCodes)]),
  ].sort() as (keyof typeof a.codes)[];
  if (returnCodes.length > 0) {
    out.push(heading('Returns per return-level code'));
    for (const code of returnCodes) out.push(row(code, a.returnCodes[code] ?? 0, b.returnCodes[code] ?? 0));
  }

  const c = r.changes;
  out.push('');
  out.push('Changes (returned lines)');
  out.push(`  became eligible     ${count(c.becameEligible)}`);
  out.push(`  became ineligible   ${count(c.becameIneligible)}`);
  out.push(
    `  unchanged           ${count(c.unchanged)} (${count(c.codesChanged)} with other codes, ${count(
      c.resolutionChanged,
    )} with another expected resolution)`,
  );
  if (c.sample.length > 0) {
    out.push(`  Most recent of the lines that changed (${c.sample.length} of ${count(c.becameEligible + c.becameIneligible)}):`);
    for (const s of c.sample) {
      const flip = s.eligibleAfter ? 'became eligible' : 'became ineligible';
      out.push(
        `    ${s.returnNumber}  ${s.orderLineId}  ${flip}: ${s.codesBefore.join(',') || '-'} -> ${s.codesAfter.join(',') || '-'}`,
      );
    }
  }

  const o = r.orders;
  out.push('');
  out.push(
    heading(`Orders placed in the window (${count(o.orders)})`) +
      `\n  (every line asked back with no reason: when it really came back (${count(o.linesAtReturn)} lines), else ${ORDER_REPLAY_DAYS_AFTER_DELIVERY} days after delivery, or now)`,
  );
  out.push(row('lines eligible', o.current.eligible, o.candidate.eligible));
  out.push(row('lines ineligible', o.current.ineligible, o.candidate.ineligible));
  out.push(`  opened by the candidate ${count(o.opened)}, closed ${count(o.closed)}`);
  out.push('');
  out.push(`Money in ${r.currency}; the value split is what was paid for the goods, before fees and bonus.`);
  return out.join('\n');
}

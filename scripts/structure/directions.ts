import type { ImportEdge } from './importGraph.js';

/**
 * The contexts of src/app, from the bottom up: each may use only the contexts before it, so every
 * dependency between contexts points down this list and no two contexts can need each other.
 * - kernel: context, unit of work, idempotency, ids, leases, the job port — knows no context.
 * - admin: shop settings and reference data, staff, API keys, reasons, login.
 * - catalog: orders, products, customers, stock, warehouses, channels.
 * - risk: fraud and abuse — the risk settings, block and allow lists, linked accounts, what the
 *   portal saw, the facts a return's score is worked out from and its history. Before policy, whose
 *   segments the block list feeds; returns score their requests and inspections with it.
 * - policy: policy versions, experiments, exceptions, the facts a verdict is judged on.
 * - returns: a return's life (request, approval, receipt, inspection, repairs) and its store.
 * - logistics: carriers, the methods they carry per country, routing, parcels booked and tracking.
 * - money: settlements, payments and their providers' ports, store credit, finance.
 * - messaging: e-mails, staff notifications, automation rules, webhooks, live events.
 * - exchanges: exchange orders, sent out instead of money.
 * - platforms: what goes back to the shop platforms and marketplaces (returns registered there,
 *   refunds through them, restocks) and the returns marketplaces announce.
 * - stores: the store counter and the till, where returns are taken back in person.
 * - views: read models that gather one thing with everything around it from several contexts.
 * - analytics: facts kept from every other context's events, and the dashboards that read them.
 * - privacy: a shopper's rights over their data (GDPR): what Retour holds about one person,
 *   gathered from every context for an export, or erased from all of them. Last: it reads them all.
 */
export const CONTEXT_ORDER = [
  'kernel',
  'admin',
  'catalog',
  'risk',
  'policy',
  'returns',
  'logistics',
  'money',
  'messaging',
  'exchanges',
  'platforms',
  'stores',
  'views',
  'analytics',
  'privacy',
];

const APP = CONTEXT_ORDER.map((context) => `app/${context}`);
/** Pieces of integrations that are plain helpers use cases call: render a label, shrink a photo,
 * write CSV. They use no context. Every other file of integrations is an adapter: it implements a
 * context's port (payment provider, photo store, SMTP mailer, order file) and may use the contexts. */
export const HELPER_INTEGRATIONS = [
  'src/integrations/labels/',
  'src/integrations/photos/processPhoto.ts',
  'src/integrations/csv.ts',
];
const HELPERS = 'integrations (helpers)';
const ADAPTERS = 'integrations (adapters)';
const BASE = ['domain', 'db', 'config'];
/** The request and response schemas of the routes (and the pieces they share): the one typed API
 * the server declares and the web apps read their types from, so they use nothing but the domain. */
const SCHEMAS = 'http (schemas)';
const WEB_APPS = ['web/portal', 'web/admin'];

/** What each part of src may import besides itself. Whatever is not listed is against the direction. */
export const ALLOWED: Record<string, string[]> = {
  domain: [],
  config: [],
  db: ['domain'],
  ...Object.fromEntries(APP.map((context, i) => [context, [...APP.slice(0, i), ...BASE, HELPERS]])),
  // Files right in src/app wire the contexts together (every context's event subscribers).
  app: [...APP, ...BASE, HELPERS],
  [HELPERS]: BASE,
  [ADAPTERS]: [...BASE, ...APP, HELPERS],
  jobs: [...BASE, ...APP, 'app', HELPERS, ADAPTERS],
  [SCHEMAS]: ['domain'],
  http: [...BASE, ...APP, 'app', HELPERS, ADAPTERS, 'jobs', SCHEMAS],
  // Background rounds and boot wire everything, but never reach into the web server's code.
  runtime: [...BASE, ...APP, 'app', HELPERS, ADAPTERS, 'jobs'],
  // The demo seeder is started by the CLI only.
  demo: [...BASE, ...APP, 'app', HELPERS, ADAPTERS],
  cli: [...BASE, ...APP, 'app', HELPERS, ADAPTERS, 'jobs', 'http', SCHEMAS, 'runtime', 'demo'],
  // The web apps run in a browser: they read the domain's vocabulary and the API's schemas, never
  // server code.
  ...Object.fromEntries(WEB_APPS.map((app) => [app, ['domain', SCHEMAS]])),
};

/**
 * Imports against the direction that are known and on their way out, each with why it is still
 * there. They are left out of the cycle check too; the check warns once one no longer exists, so
 * this list only shrinks.
 */
export const KNOWN_EXCEPTIONS: { from: string; to: string; why: string }[] = [];

/** The imports the checks judge: all but the known exceptions above. */
export function withoutKnownExceptions(edges: ImportEdge[]): ImportEdge[] {
  return edges.filter(({ from, to }) => !KNOWN_EXCEPTIONS.some((exception) => exception.from === from && exception.to === to));
}

/** The part of src a file belongs to: app/<context>, the helpers or adapters of integrations, or the top folder. */
export function partOf(path: string): string | undefined {
  const app = /^src\/app\/([^/]+)\//.exec(path);
  if (app) return `app/${app[1]}`;
  if (path.startsWith('src/integrations/')) {
    return HELPER_INTEGRATIONS.some((helper) => path.startsWith(helper)) ? HELPERS : ADAPTERS;
  }
  if (/^src\/app\/[^/]+$/.test(path)) return 'app';
  if (/^src\/http\/routes\/(common\.ts$|(.+\/)?\w*[sS]chema\.ts$)/.test(path)) return SCHEMAS;
  const web = WEB_APPS.find((app) => path.startsWith(`${app}/`));
  if (web) return web;
  const top = /^src\/([^/]+)\//.exec(path);
  return top?.[1];
}

export type DirectionProblem = { from: string; to: string; message: string; stale?: true };

/** Imports between parts of src that the table does not allow, and files in no known part. */
export function directionProblems(edges: ImportEdge[], files: string[]): DirectionProblem[] {
  const problems: DirectionProblem[] = [];
  for (const file of files) {
    const part = partOf(file);
    if (file.startsWith('src/') && (part === undefined || !(part in ALLOWED))) {
      problems.push({ from: file, to: '', message: `${file} lies in no part the import directions know (${part ?? 'src'})` });
    }
  }
  const used = new Set<(typeof KNOWN_EXCEPTIONS)[number]>();
  for (const { from, to } of edges) {
    const [fromPart, toPart] = [partOf(from), partOf(to)];
    if (!fromPart || !toPart || fromPart === toPart || !(fromPart in ALLOWED)) continue;
    if (ALLOWED[fromPart]!.includes(toPart)) continue;
    const known = KNOWN_EXCEPTIONS.find((exception) => exception.from === from && exception.to === to);
    if (known) {
      used.add(known);
      continue;
    }
    problems.push({ from, to, message: `${from} imports ${to}: ${fromPart} may not use ${toPart}` });
  }
  for (const exception of KNOWN_EXCEPTIONS) {
    if (!used.has(exception)) {
      problems.push({
        ...exception,
        stale: true,
        message: `${exception.from} no longer imports ${exception.to}: drop it from KNOWN_EXCEPTIONS`,
      });
    }
  }
  return problems;
}

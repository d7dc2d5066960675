import { type FormEvent, useState } from 'react';
import { api } from '../../api.js';
import { money, texts, useLang, useT } from '../../i18n.js';
import type { SimulationReport } from '../../types.js';
import { ErrorBox } from '../../ui/States.js';
import { useAction } from '../../ui/useAction.js';

const T = texts({
  en: {
    title: 'Simulator',
    days: 'Replay the last (days)',
    run: 'Run',
    running: 'Replaying…',
    measure: 'Measure',
    current: 'In force',
    candidate: 'This version',
    returns: 'Returns replayed',
    eligible: 'Lines returnable',
    ineligible: 'Lines refused',
    review: 'Lines needing review',
    autoApproved: 'Returns approved unseen',
    fees: 'Return shipping fees',
    restocking: 'Restocking fees',
    becameEligible: 'Lines that become returnable',
    becameIneligible: 'Lines that become refused',
    opened: 'Order lines opened',
    closed: 'Order lines closed',
    ordersNote:
      'Order lines are judged on the day they really came back ({returned} lines); lines that never came back, {days} days after delivery.',
  },
  nl: {
    title: 'Simulator',
    days: 'Herhaal de laatste (dagen)',
    run: 'Uitvoeren',
    running: 'Bezig…',
    measure: 'Maatstaf',
    current: 'Van kracht',
    candidate: 'Deze versie',
    returns: 'Retouren herhaald',
    eligible: 'Regels retourneerbaar',
    ineligible: 'Regels geweigerd',
    review: 'Regels ter beoordeling',
    autoApproved: 'Retouren zonder blik goedgekeurd',
    fees: 'Retourkosten',
    restocking: 'Herbevoorradingskosten',
    becameEligible: 'Regels die retourneerbaar worden',
    becameIneligible: 'Regels die geweigerd worden',
    opened: 'Orderregels geopend',
    closed: 'Orderregels gesloten',
    ordersNote:
      'Orderregels worden beoordeeld op de dag dat ze echt terugkwamen ({returned} regels); regels die nooit terugkwamen {days} dagen na levering.',
  },
});

type Side = SimulationReport['sides']['current'];

const ROWS: { key: keyof (typeof T)['en']; get: (s: Side) => number; money?: boolean }[] = [
  { key: 'returns', get: (s) => s.returns },
  { key: 'autoApproved', get: (s) => s.returnsAutoApproved },
  { key: 'eligible', get: (s) => s.eligible },
  { key: 'ineligible', get: (s) => s.ineligible },
  { key: 'review', get: (s) => s.review },
  { key: 'fees', get: (s) => s.returnShippingFees, money: true },
  { key: 'restocking', get: (s) => s.restockingFees, money: true },
];

/** Replays past returns under this version next to the one in force, and shows the difference. */
export function Simulator({ versionId }: { versionId: string }) {
  const t = useT(T);
  const action = useAction();
  const [days, setDays] = useState('90');
  const [result, setResult] = useState<SimulationReport | null>(null);

  async function run(e: FormEvent) {
    e.preventDefault();
    await action.run(async () =>
      setResult(await api<SimulationReport>('POST', '/policy-simulations', { versionId, days: Number(days) })),
    );
  }

  return (
    <section className="card">
      <h2>{t.title}</h2>
      <form className="toolbar" onSubmit={run}>
        <label>
          <span>{t.days}</span>
          <input type="number" min={1} max={730} value={days} onChange={(e) => setDays(e.target.value)} />
        </label>
        <button type="submit" className="primary" disabled={action.busy}>
          {action.busy ? t.running : t.run}
        </button>
      </form>
      {action.error && <ErrorBox message={action.error} />}
      {result && <SimulationResult result={result} />}
    </section>
  );
}

/** The version in force against this one, measure by measure, and the lines whose verdict changes. */
function SimulationResult({ result }: { result: SimulationReport }) {
  const t = useT(T);
  const lang = useLang();
  return (
    <div className="table-wrap" aria-live="polite">
      <table className="grid compare">
        <thead>
          <tr>
            <th scope="col">{t.measure}</th>
            <th scope="col" className="num">
              {t.current}
            </th>
            <th scope="col" className="num">
              {t.candidate}
            </th>
          </tr>
        </thead>
        <tbody>
          {ROWS.map((r) => {
            const a = r.get(result.sides.current);
            const b = r.get(result.sides.candidate);
            const max = Math.max(a, b, 1);
            const show = (n: number) => (r.money ? money(n, result.currency, lang) : String(n));
            return (
              <tr key={r.key}>
                <th scope="row">{t[r.key]}</th>
                <td className="num">
                  {show(a)}
                  <div className="bar" style={{ width: `${(a / max) * 100}%` }} aria-hidden="true" />
                </td>
                <td className="num">
                  {show(b)}
                  <div className="bar" style={{ width: `${(b / max) * 100}%` }} aria-hidden="true" />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <ul>
        <li>
          {t.becameEligible}: {result.changes.becameEligible}
        </li>
        <li>
          {t.becameIneligible}: {result.changes.becameIneligible}
        </li>
        <li>
          {t.opened}: {result.orders.opened} · {t.closed}: {result.orders.closed}
        </li>
      </ul>
      <p className="muted">
        {t.ordersNote
          .replace('{returned}', String(result.orders.linesAtReturn))
          .replace('{days}', String(result.orders.assumedDaysAfterDelivery))}
      </p>
    </div>
  );
}

import { type FormEvent, useState } from 'react';
import { isOneOf } from '../../../../../src/domain/oneOf.js';
import { REVERSIBLE_ENTRY_KINDS } from '../../../../../src/domain/storeCredit.js';
import { can } from '../../access.js';
import { api } from '../../api.js';
import { date, money, texts, useLang, useT } from '../../i18n.js';
import { linkProps } from '../../router.js';
import { useMe } from '../../session.js';
import type { CreditAccount, CustomerCredit } from '../../types.js';
import { Empty, ErrorBox, Loaded } from '../../ui/States.js';
import { useAction } from '../../ui/useAction.js';
import { useLoad } from '../../ui/useLoad.js';

const T = texts({
  en: {
    title: 'Store credit',
    none: 'No store credit.',
    code: 'Code',
    balance: 'Balance',
    held: 'Held at checkout',
    available: 'Available',
    when: 'Date',
    kind: 'Movement',
    amount: 'Amount',
    expires: 'Expires',
    note: 'Note',
    issue: 'Issued',
    bonus: 'Bonus',
    redeem: 'Spent',
    expire: 'Expired',
    adjust: 'Correction',
    reverse: 'Reversed',
    capture: 'Spent',
    reverseIt: 'Reverse',
    give: 'Give or correct credit',
    giveKind: 'Kind',
    giveIssue: 'Give credit (goodwill)',
    giveAdjust: 'Correct the balance (+ or −)',
    reason: 'Reason',
    openReturn: 'return',
    save: 'Save',
  },
  nl: {
    title: 'Tegoed',
    none: 'Geen tegoed.',
    code: 'Code',
    balance: 'Saldo',
    held: 'Vastgehouden bij het afrekenen',
    available: 'Beschikbaar',
    when: 'Datum',
    kind: 'Mutatie',
    amount: 'Bedrag',
    expires: 'Verloopt',
    note: 'Notitie',
    issue: 'Uitgegeven',
    bonus: 'Bonus',
    redeem: 'Besteed',
    expire: 'Verlopen',
    adjust: 'Correctie',
    reverse: 'Teruggedraaid',
    capture: 'Besteed',
    reverseIt: 'Terugdraaien',
    give: 'Tegoed geven of corrigeren',
    giveKind: 'Soort',
    giveIssue: 'Tegoed geven (coulance)',
    giveAdjust: 'Saldo corrigeren (+ of −)',
    reason: 'Reden',
    openReturn: 'retour',
    save: 'Opslaan',
  },
});

/** A customer's store credit per currency: the code, what is there and every movement that made it. */
export function StoreCreditPanel({ customerId, currency }: { customerId: string; currency: string }) {
  const t = useT(T);
  const me = useMe();
  const allowed = can(me.role, 'credit.read');
  const state = useLoad(
    () => (allowed ? api<CustomerCredit>('GET', `/customers/${customerId}/store-credit`) : Promise.resolve({ items: [] })),
    [customerId, allowed],
  );
  if (!allowed) return null;
  return (
    <section className="card table-wrap" aria-labelledby="credit-title">
      <h2 id="credit-title">{t.title}</h2>
      <Loaded state={state}>
        {({ items }) => (
          <>
            {items.length === 0 && <Empty>{t.none}</Empty>}
            {items.map((a) => (
              <AccountView key={a.id} a={a} onChanged={state.reload} />
            ))}
            {can(me.role, 'credit.manage') && (
              <GiveCredit customerId={customerId} currency={items[0]?.currency ?? currency} onChanged={state.reload} />
            )}
          </>
        )}
      </Loaded>
    </section>
  );
}

/** One store-credit account: its balance and every entry, reversible ones with their button. */
function AccountView({ a, onChanged }: { a: CreditAccount; onChanged: () => void }) {
  const t = useT(T);
  const lang = useLang();
  const me = useMe();
  const action = useAction();
  const m = (v: number) => money(v, a.currency, lang);
  const reversed = new Set(a.entries.flatMap((e) => (e.reversesId ? [e.reversesId] : [])));
  const mayReverse = can(me.role, 'credit.manage');
  return (
    <>
      <AccountFacts a={a} />
      {action.error && <ErrorBox message={action.error} />}
      <table className="grid">
        <thead>
          <tr>
            <th scope="col">{t.when}</th>
            <th scope="col">{t.kind}</th>
            <th scope="col" className="num">
              {t.amount}
            </th>
            <th scope="col">{t.expires}</th>
            <th scope="col">{t.note}</th>
            {mayReverse && <th scope="col">{t.reverseIt}</th>}
          </tr>
        </thead>
        <tbody>
          {a.entries.map((e) => (
            <tr key={e.id}>
              <td>{date(e.createdAt, lang)}</td>
              <td>{t[e.kind as 'issue'] ?? e.kind}</td>
              <td className="num">{m(e.amount)}</td>
              <td>{e.expiresAt ? date(e.expiresAt, lang) : '—'}</td>
              <td>
                {e.note ?? ''}
                {e.returnId && (
                  <>
                    {' '}
                    <a {...linkProps(`/returns/${e.returnId}`)}>{t.openReturn}</a>
                  </>
                )}
              </td>
              {mayReverse && (
                <td>
                  {isOneOf(REVERSIBLE_ENTRY_KINDS, e.kind) && !reversed.has(e.id) && (
                    <button
                      type="button"
                      disabled={action.busy}
                      onClick={async () => {
                        const ok = await action.run(() =>
                          api('POST', `/store-credit/entries/${e.id}/reverse`, { note: `reversed ${e.kind}` }),
                        );
                        if (ok) onChanged();
                      }}
                    >
                      {t.reverseIt}
                    </button>
                  )}
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

/** The account's code, balance, what is held for open exchanges, and what is available. */
function AccountFacts({ a }: { a: CreditAccount }) {
  const t = useT(T);
  const lang = useLang();
  const m = (v: number) => money(v, a.currency, lang);
  return (
    <dl className="facts">
      <dt>{t.code}</dt>
      <dd>
        <code>{a.code}</code>
      </dd>
      <dt>{t.balance}</dt>
      <dd>
        <strong>{m(a.balance)}</strong>
      </dd>
      {a.held > 0 && (
        <>
          <dt>{t.held}</dt>
          <dd>{m(a.held)}</dd>
        </>
      )}
      <dt>{t.available}</dt>
      <dd>{m(a.available)}</dd>
    </dl>
  );
}

function GiveCredit({ customerId, currency, onChanged }: { customerId: string; currency: string; onChanged: () => void }) {
  const t = useT(T);
  const action = useAction();
  const [kind, setKind] = useState<'issue' | 'adjust'>('issue');
  const [amount, setAmount] = useState('');
  const [note, setNote] = useState('');
  async function submit(e: FormEvent) {
    e.preventDefault();
    const body = { kind, amount: Math.round(Number(amount) * 100), currency, note };
    if (await action.run(() => api('POST', `/customers/${customerId}/store-credit/adjustments`, body))) {
      setAmount('');
      setNote('');
      onChanged();
    }
  }
  return (
    <form onSubmit={submit} aria-labelledby="give-title">
      <h3 id="give-title">{t.give}</h3>
      <label>
        <span>{t.giveKind}</span>
        <select value={kind} onChange={(e) => setKind(e.target.value as 'issue')}>
          <option value="issue">{t.giveIssue}</option>
          <option value="adjust">{t.giveAdjust}</option>
        </select>
      </label>
      <label>
        <span>
          {t.amount} ({currency})
        </span>
        <input
          required
          type="number"
          step="0.01"
          min={kind === 'issue' ? '0.01' : undefined}
          inputMode="decimal"
          value={amount}
          onChange={(e) => setAmount(e.target.value)}
        />
      </label>
      <label>
        <span>{t.reason}</span>
        <input required value={note} onChange={(e) => setNote(e.target.value)} />
      </label>
      {action.error && <ErrorBox message={action.error} />}
      <button type="submit" disabled={action.busy}>
        {t.save}
      </button>
    </form>
  );
}

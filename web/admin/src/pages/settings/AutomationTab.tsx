import { type FormEvent, useState } from 'react';
import type { AutomationAction, AutomationRuleInput } from '../../../../../src/domain/automation.js';
import { AUTOMATION_TRIGGERS } from '../../../../../src/domain/automationTriggers.js';
import { can } from '../../access.js';
import { api } from '../../api.js';
import { money, texts, useLang, useT, withCurrency } from '../../i18n.js';
import { useMe } from '../../session.js';
import { Empty, ErrorBox, Loaded } from '../../ui/States.js';
import { useAction } from '../../ui/useAction.js';
import { useChannelLabel, useLabels, useReasonLabel, useShopCurrency } from '../../ui/useLabels.js';
import { useLoad } from '../../ui/useLoad.js';

const T = texts({
  en: {
    intro:
      'When an event about a return happens and the conditions hold, the rule does its actions; the timeline shows them as done by the rule. Rules run in this order.',
    none: 'No rules.',
    name: 'Name',
    when: 'When',
    conditions: 'If',
    actions: 'Then',
    on: 'On',
    off: 'Off',
    enabled: 'Switched on',
    edit: 'Edit',
    remove: 'Remove',
    up: 'Move up',
    add: 'Add a rule',
    editing: 'Edit rule',
    save: 'Save',
    cancel: 'Cancel',
    reasons: 'Reason codes (comma-separated)',
    segments: 'Customer segments (comma-separated)',
    channels: 'Channels (comma-separated)',
    methods: 'Return methods',
    minValue: 'Value at least',
    maxValue: 'Value at most',
    minRisk: 'Risk at least (0–100)',
    maxRisk: 'Risk at most (0–100)',
    any: 'always',
    riskAtLeast: 'risk at least',
    riskAtMost: 'risk at most',
    approve: 'Approve the lines waiting for review',
    review: 'Put on hold for a person',
    refund: 'Start the refund now',
    tag: 'Tag',
    notify: 'Tell staff',
    tagName: 'Tag name',
    message: 'Message for staff',
    'return.requested': 'a return is requested',
    'return.approved': 'a return is approved',
    'return.in_transit': 'the carrier scans the parcel',
    'return.received': 'the parcel arrives',
    'return.inspected': 'the items are inspected',
    label: 'label',
    qr: 'QR',
    pickup: 'pickup',
    store: 'in store',
  },
  nl: {
    intro:
      'Als er iets met een retour gebeurt en de voorwaarden kloppen, voert de regel zijn acties uit; de tijdlijn toont ze als gedaan door de regel. Regels lopen in deze volgorde.',
    none: 'Geen regels.',
    name: 'Naam',
    when: 'Wanneer',
    conditions: 'Als',
    actions: 'Dan',
    on: 'Aan',
    off: 'Uit',
    enabled: 'Aangezet',
    edit: 'Wijzigen',
    remove: 'Verwijderen',
    up: 'Omhoog',
    add: 'Regel toevoegen',
    editing: 'Regel wijzigen',
    save: 'Opslaan',
    cancel: 'Annuleren',
    reasons: 'Redencodes (met komma’s)',
    segments: 'Klantsegmenten (met komma’s)',
    channels: 'Kanalen (met komma’s)',
    methods: 'Retourmethoden',
    minValue: 'Waarde minstens',
    maxValue: 'Waarde hoogstens',
    minRisk: 'Risico minstens (0–100)',
    maxRisk: 'Risico hoogstens (0–100)',
    any: 'altijd',
    riskAtLeast: 'risico minstens',
    riskAtMost: 'risico hoogstens',
    approve: 'Keur de regels goed die op beoordeling wachten',
    review: 'Zet in de wacht voor een mens',
    refund: 'Start de terugbetaling nu',
    tag: 'Label',
    notify: 'Meld aan medewerkers',
    tagName: 'Naam van het label',
    message: 'Bericht voor medewerkers',
    'return.requested': 'een retour wordt aangevraagd',
    'return.approved': 'een retour is goedgekeurd',
    'return.in_transit': 'de vervoerder het pakket scant',
    'return.received': 'het pakket aankomt',
    'return.inspected': 'de artikelen zijn gekeurd',
    label: 'label',
    qr: 'QR',
    pickup: 'ophalen',
    store: 'in de winkel',
  },
});

type Texts = (typeof T)['en'];
interface Rule extends AutomationRuleInput {
  id: string;
  position: number;
}
const METHODS = ['label', 'qr', 'pickup', 'store'] as const;

interface Draft {
  name: string;
  enabled: boolean;
  trigger: AutomationRuleInput['trigger'];
  reasons: string;
  segments: string;
  channels: string;
  methods: string[];
  minValue: string;
  maxValue: string;
  minRisk: string;
  maxRisk: string;
  approve: boolean;
  review: boolean;
  refund: boolean;
  tag: string;
  notify: string;
}

const EMPTY: Draft = {
  name: '',
  enabled: true,
  trigger: 'return.requested',
  reasons: '',
  segments: '',
  channels: '',
  methods: [],
  minValue: '',
  maxValue: '',
  minRisk: '',
  maxRisk: '',
  approve: false,
  review: false,
  refund: false,
  tag: '',
  notify: '',
};

const list = (s: string) =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);
const cents = (s: string) => (s.trim() === '' ? undefined : Math.round(Number(s.replace(',', '.')) * 100));
const whole = (s: string) => (s.trim() === '' ? undefined : Number(s));

function toInput(d: Draft): AutomationRuleInput {
  const actions: AutomationAction[] = [
    ...(d.approve ? [{ type: 'approve' as const }] : []),
    ...(d.review ? [{ type: 'review' as const }] : []),
    ...(d.refund ? [{ type: 'refund' as const }] : []),
    ...(d.tag.trim() ? [{ type: 'tag' as const, tag: d.tag.trim() }] : []),
    ...(d.notify.trim() ? [{ type: 'notify' as const, message: d.notify.trim() }] : []),
  ];
  const c = {
    reasons: list(d.reasons),
    segments: list(d.segments),
    channels: list(d.channels),
    methods: d.methods as (typeof METHODS)[number][],
    minValue: cents(d.minValue),
    maxValue: cents(d.maxValue),
    minRisk: whole(d.minRisk),
    maxRisk: whole(d.maxRisk),
  };
  const conditions = Object.fromEntries(
    Object.entries(c).filter(([, v]) => v !== undefined && !(Array.isArray(v) && v.length === 0)),
  );
  return { name: d.name, enabled: d.enabled, trigger: d.trigger, conditions, actions };
}

function toDraft(r: Rule): Draft {
  const c = r.conditions;
  const euros = (v: number | undefined) => (v === undefined ? '' : String(v / 100));
  return {
    name: r.name,
    enabled: r.enabled,
    trigger: r.trigger,
    reasons: (c.reasons ?? []).join(', '),
    segments: (c.segments ?? []).join(', '),
    channels: (c.channels ?? []).join(', '),
    methods: c.methods ?? [],
    minValue: euros(c.minValue),
    maxValue: euros(c.maxValue),
    minRisk: c.minRisk === undefined ? '' : String(c.minRisk),
    maxRisk: c.maxRisk === undefined ? '' : String(c.maxRisk),
    approve: r.actions.some((a) => a.type === 'approve'),
    review: r.actions.some((a) => a.type === 'review'),
    refund: r.actions.some((a) => a.type === 'refund'),
    tag: r.actions.find((a) => a.type === 'tag')?.tag ?? '',
    notify: r.actions.find((a) => a.type === 'notify')?.message ?? '',
  };
}

/** A rule's conditions in the staff member's words: the shop's reason and channel names, segments
 * and money as they read them. */
interface Wording {
  reason: (code: string) => string;
  channel: (code: string) => string;
  segment: (code: string) => string;
  amount: (minor: number) => string;
}

function describeConditions(t: Texts, r: Rule, w: Wording): string {
  const c = r.conditions;
  const parts = [
    c.reasons?.length ? c.reasons.map(w.reason).join(' / ') : null,
    c.segments?.length ? c.segments.map(w.segment).join(' / ') : null,
    c.channels?.length ? c.channels.map(w.channel).join(' / ') : null,
    c.methods?.length ? c.methods.map((m) => t[m]).join(' / ') : null,
    c.minValue !== undefined ? `≥ ${w.amount(c.minValue)}` : null,
    c.maxValue !== undefined ? `≤ ${w.amount(c.maxValue)}` : null,
    c.minRisk !== undefined ? `${t.riskAtLeast} ${c.minRisk}` : null,
    c.maxRisk !== undefined ? `${t.riskAtMost} ${c.maxRisk}` : null,
  ].filter(Boolean);
  return parts.length ? parts.join(', ') : t.any;
}

function describeActions(t: Texts, r: Rule): string {
  return r.actions
    .map((a) => (a.type === 'tag' ? `${t.tag} “${a.tag}”` : a.type === 'notify' ? `${t.notify}: ${a.message}` : t[a.type]))
    .join('; ');
}

/** The automation rules in the order they run; admins add, edit, reorder, switch and remove them. */
export function AutomationTab() {
  const t = useT(T);
  const lang = useLang();
  const label = useLabels();
  const reason = useReasonLabel();
  const channel = useChannelLabel();
  const currency = useShopCurrency();
  const wording: Wording = {
    reason,
    channel,
    segment: label.segment,
    amount: (minor) => (currency ? money(minor, currency, lang) : String(minor / 100)),
  };
  const me = useMe();
  const manage = can(me.role, 'automation.manage');
  const state = useLoad(() => api<{ items: Rule[] }>('GET', '/automation-rules'), []);
  const action = useAction();
  const [editing, setEditing] = useState<string | null>(null);
  const [draft, setDraft] = useState<Draft>(EMPTY);

  async function save(e: FormEvent) {
    e.preventDefault();
    const body = toInput(draft);
    const ok = await action.run(() =>
      editing ? api('PUT', `/automation-rules/${editing}`, body) : api('POST', '/automation-rules', body),
    );
    if (ok) {
      setEditing(null);
      setDraft(EMPTY);
      await state.reload();
    }
  }
  const putRule = (r: Rule, change: Partial<AutomationRuleInput> & { position?: number }) =>
    api('PUT', `/automation-rules/${r.id}`, {
      name: r.name,
      enabled: r.enabled,
      trigger: r.trigger,
      conditions: r.conditions,
      actions: r.actions,
      ...change,
    });
  const field = (key: keyof Draft, label: string, type = 'text') => (
    <label>
      {label}
      <input
        type={type}
        value={String(draft[key])}
        onChange={(e) => setDraft({ ...draft, [key]: e.target.value })}
        {...(type === 'number' ? { step: 'any', min: 0 } : {})}
      />
    </label>
  );
  const check = (key: 'approve' | 'review' | 'refund' | 'enabled', label: string) => (
    <label className="check">
      <input type="checkbox" checked={draft[key]} onChange={(e) => setDraft({ ...draft, [key]: e.target.checked })} /> {label}
    </label>
  );

  return (
    <>
      <p className="muted">{t.intro}</p>
      {action.error && <ErrorBox message={action.error} />}
      <Loaded state={state}>
        {({ items }) =>
          items.length === 0 ? (
            <Empty>{t.none}</Empty>
          ) : (
            <div className="card table-wrap">
              <table className="grid">
                <thead>
                  <tr>
                    <th scope="col">{t.name}</th>
                    <th scope="col">{t.when}</th>
                    <th scope="col">{t.conditions}</th>
                    <th scope="col">{t.actions}</th>
                    <th scope="col">{t.enabled}</th>
                    {manage && (
                      <th scope="col">
                        <span className="sr-only">{t.edit}</span>
                      </th>
                    )}
                  </tr>
                </thead>
                <tbody>
                  {items.map((r, i) => (
                    <tr key={r.id}>
                      <td>{r.name}</td>
                      <td>{t[r.trigger]}</td>
                      <td>{describeConditions(t, r, wording)}</td>
                      <td>{describeActions(t, r)}</td>
                      <td>
                        <span className={`badge ${r.enabled ? 'good' : ''}`}>{r.enabled ? t.on : t.off}</span>
                      </td>
                      {manage && (
                        <td>
                          <button
                            type="button"
                            disabled={action.busy}
                            onClick={() =>
                              void action.run(async () => {
                                await putRule(r, { enabled: !r.enabled });
                                await state.reload();
                              })
                            }
                          >
                            {r.enabled ? t.off : t.on}
                          </button>{' '}
                          <button
                            type="button"
                            onClick={() => {
                              setEditing(r.id);
                              setDraft(toDraft(r));
                            }}
                          >
                            {t.edit}
                          </button>{' '}
                          {i > 0 && (
                            <button
                              type="button"
                              disabled={action.busy}
                              onClick={() =>
                                void action.run(async () => {
                                  const above = items[i - 1] as Rule;
                                  await putRule(r, { position: above.position });
                                  await putRule(above, { position: r.position });
                                  await state.reload();
                                })
                              }
                            >
                              {t.up}
                            </button>
                          )}{' '}
                          <button
                            type="button"
                            className="danger"
                            disabled={action.busy}
                            onClick={() =>
                              void action.run(async () => {
                                await api('DELETE', `/automation-rules/${r.id}`);
                                await state.reload();
                              })
                            }
                          >
                            {t.remove}
                          </button>
                        </td>
                      )}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </Loaded>
      {manage && (
        <form className="card" onSubmit={save} aria-label={editing ? t.editing : t.add}>
          <h2>{editing ? t.editing : t.add}</h2>
          {field('name', t.name)}
          <label>
            {t.when}
            <select value={draft.trigger} onChange={(e) => setDraft({ ...draft, trigger: e.target.value as Draft['trigger'] })}>
              {AUTOMATION_TRIGGERS.map((k) => (
                <option key={k} value={k}>
                  {t[k]}
                </option>
              ))}
            </select>
          </label>
          <fieldset className="choices">
            <legend>{t.conditions}</legend>
            {field('reasons', t.reasons)}
            {field('segments', t.segments)}
            {field('channels', t.channels)}
            <fieldset className="choices">
              <legend>{t.methods}</legend>
              {METHODS.map((m) => (
                <label className="check" key={m}>
                  <input
                    type="checkbox"
                    checked={draft.methods.includes(m)}
                    onChange={(e) =>
                      setDraft({
                        ...draft,
                        methods: e.target.checked ? [...draft.methods, m] : draft.methods.filter((x) => x !== m),
                      })
                    }
                  />{' '}
                  {t[m]}
                </label>
              ))}
            </fieldset>
            {field('minValue', withCurrency(t.minValue, currency, lang), 'number')}
            {field('maxValue', withCurrency(t.maxValue, currency, lang), 'number')}
            {field('minRisk', t.minRisk, 'number')}
            {field('maxRisk', t.maxRisk, 'number')}
          </fieldset>
          <fieldset className="choices">
            <legend>{t.actions}</legend>
            {check('approve', t.approve)}
            {check('review', t.review)}
            {check('refund', t.refund)}
            {field('tag', t.tagName)}
            {field('notify', t.message)}
          </fieldset>
          {check('enabled', t.enabled)}
          <p>
            <button type="submit" className="primary" disabled={action.busy}>
              {t.save}
            </button>{' '}
            {editing && (
              <button
                type="button"
                onClick={() => {
                  setEditing(null);
                  setDraft(EMPTY);
                }}
              >
                {t.cancel}
              </button>
            )}
          </p>
        </form>
      )}
    </>
  );
}

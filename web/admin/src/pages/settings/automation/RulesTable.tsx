import { api } from '../../../api.js';
import { useT } from '../../../i18n.js';
import { TableCard } from '../../../ui/TableCard.js';
import type { useAction } from '../../../ui/useAction.js';
import { AUTOMATION_TEXTS } from './automationTexts.js';
import { describeActions, describeConditions, type Rule, type Wording } from './ruleDraft.js';

type Action = ReturnType<typeof useAction>;

/** Saves a rule as it is with one change (switched, moved). */
const putRule = (r: Rule, change: Partial<Rule>) =>
  api('PUT', `/automation-rules/${r.id}`, {
    name: r.name,
    enabled: r.enabled,
    trigger: r.trigger,
    conditions: r.conditions,
    actions: r.actions,
    ...change,
  });

/** The rules in the order they run, each in words; admins switch, edit, move up and remove them. */
export function RulesTable({
  items,
  wording,
  manage,
  action,
  reload,
  onEdit,
}: {
  items: Rule[];
  wording: Wording;
  manage: boolean;
  action: Action;
  reload: () => Promise<unknown>;
  onEdit: (r: Rule) => void;
}) {
  const t = useT(AUTOMATION_TEXTS);
  return (
    <TableCard headers={[t.name, t.when, t.conditions, t.actions, t.enabled]} actions={manage ? t.edit : null}>
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
              <RuleButtons rule={r} above={items[i - 1]} action={action} reload={reload} onEdit={onEdit} />
            </td>
          )}
        </tr>
      ))}
    </TableCard>
  );
}

function RuleButtons({
  rule: r,
  above,
  action,
  reload,
  onEdit,
}: {
  rule: Rule;
  above: Rule | undefined;
  action: Action;
  reload: () => Promise<unknown>;
  onEdit: (r: Rule) => void;
}) {
  const t = useT(AUTOMATION_TEXTS);
  const run = (work: () => Promise<unknown>) =>
    void action.run(async () => {
      await work();
      await reload();
    });
  return (
    <>
      <button type="button" disabled={action.busy} onClick={() => run(() => putRule(r, { enabled: !r.enabled }))}>
        {r.enabled ? t.off : t.on}
      </button>{' '}
      <button type="button" onClick={() => onEdit(r)}>
        {t.edit}
      </button>{' '}
      {above && (
        <button
          type="button"
          disabled={action.busy}
          onClick={() =>
            run(async () => {
              await putRule(r, { position: above.position });
              await putRule(above, { position: r.position });
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
        onClick={() => run(() => api('DELETE', `/automation-rules/${r.id}`))}
      >
        {t.remove}
      </button>
    </>
  );
}

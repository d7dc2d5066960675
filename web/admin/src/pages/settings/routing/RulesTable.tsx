import { api } from '../../../api.js';
import { useT } from '../../../i18n.js';
import { TableCard } from '../../../ui/TableCard.js';
import type { useAction } from '../../../ui/useAction.js';
import { useLabels } from '../../../ui/useLabels.js';
import type { RoutingRule } from './routingModel.js';
import { ROUTING_TEXTS } from './routingTexts.js';

/** The rules in the order they are tried, with what each takes and where it sends returns. */
export function RulesTable({
  rules,
  editable,
  action,
  reload,
  onEdit,
  warehouseName,
  categoryName,
  reasonName,
}: {
  rules: RoutingRule[];
  editable: boolean;
  action: ReturnType<typeof useAction>;
  reload: () => Promise<unknown>;
  onEdit: (rule: RoutingRule) => void;
  warehouseName: (id: string) => string;
  categoryName: (id: string) => string;
  reasonName: (code: string) => string;
}) {
  const t = useT(ROUTING_TEXTS);
  const move = (i: number, by: -1 | 1) =>
    void action.run(async () => {
      const ids = rules.map((r) => r.id);
      const [id] = ids.splice(i, 1);
      if (id) ids.splice(i + by, 0, id);
      await api('POST', '/routing-rules/order', { ruleIds: ids });
      await reload();
    });
  const remove = (rule: RoutingRule) => {
    if (!window.confirm(t.confirmRemove)) return;
    void action.run(async () => {
      await api('DELETE', `/routing-rules/${rule.id}`, {});
      await reload();
    });
  };
  const { summary, destination } = useRuleDescriptions(warehouseName, categoryName, reasonName);
  return (
    <TableCard
      headers={[t.order, t.name, t.conditions, t.destination, t.serviceChoice, t.state]}
      actions={editable ? t.actions : null}
    >
      {rules.map((rule, i) => (
        <tr key={rule.id}>
          <td className="num">{i + 1}</td>
          <td>{rule.name}</td>
          <td>{summary(rule.conditions)}</td>
          <td>{destination(rule.destination)}</td>
          <td>{t[rule.serviceChoice]}</td>
          <td>
            <span className={`badge ${rule.enabled ? 'good' : ''}`}>{rule.enabled ? t.on : t.off}</span>
          </td>
          {editable && (
            <td>
              <RuleActions
                rule={rule}
                busy={action.busy}
                first={i === 0}
                last={i === rules.length - 1}
                onMove={(by) => move(i, by)}
                onEdit={() => onEdit(rule)}
                onRemove={() => remove(rule)}
              />
            </td>
          )}
        </tr>
      ))}
    </TableCard>
  );
}

function RuleActions({
  rule,
  busy,
  first,
  last,
  onMove,
  onEdit,
  onRemove,
}: {
  rule: RoutingRule;
  busy: boolean;
  first: boolean;
  last: boolean;
  onMove: (by: -1 | 1) => void;
  onEdit: () => void;
  onRemove: () => void;
}) {
  const t = useT(ROUTING_TEXTS);
  return (
    <div className="toolbar">
      <button type="button" disabled={busy || first} onClick={() => onMove(-1)} aria-label={`${t.up}: ${rule.name}`}>
        ↑
      </button>
      <button type="button" disabled={busy || last} onClick={() => onMove(1)} aria-label={`${t.down}: ${rule.name}`}>
        ↓
      </button>
      <button type="button" disabled={busy} onClick={onEdit} aria-label={`${t.edit}: ${rule.name}`}>
        {t.edit}
      </button>
      <button type="button" disabled={busy} onClick={onRemove} aria-label={`${t.remove}: ${rule.name}`}>
        {t.remove}
      </button>
    </div>
  );
}

/** A rule's conditions and destination in words. */
function useRuleDescriptions(
  warehouseName: (id: string) => string,
  categoryName: (id: string) => string,
  reasonName: (code: string) => string,
) {
  const t = useT(ROUTING_TEXTS);
  const labels = useLabels();
  const summary = (c: RoutingRule['conditions']) => {
    const parts = [
      c.countries?.length ? `${t.countries}: ${c.countries.join(', ')}` : null,
      c.categoryIds?.length ? `${t.categories}: ${c.categoryIds.map(categoryName).join(', ')}` : null,
      c.reasonCodes?.length ? `${t.reasons}: ${c.reasonCodes.map(reasonName).join(', ')}` : null,
      c.methods?.length ? `${t.methods}: ${c.methods.map((m) => labels.method(m)).join(', ')}` : null,
      c.defect === undefined ? null : c.defect ? t.defectYes : t.defectNo,
    ].filter(Boolean);
    return parts.length ? parts.join(' · ') : t.any;
  };
  const destination = (d: RoutingRule['destination']) =>
    d.kind === 'warehouse'
      ? warehouseName(d.warehouseId)
      : d.kind === 'nearest_warehouse'
        ? t.nearest_warehouse
        : `${t[d.kind]}: ${d.name}, ${d.address.city} (${d.address.country})`;

  return { summary, destination };
}

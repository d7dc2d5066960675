import { useT } from '../../../i18n.js';
import { ROUTING_TEXTS } from './routingTexts.js';
import type { RuleDraft } from './ruleDraft.js';

const KINDS = ['warehouse', 'nearest_warehouse', 'vendor', 'repair_partner'] as const;

/** Where a rule sends returns: a warehouse, the nearest one, or a partner's address. */
export function DestinationFields({
  draft,
  set,
  warehouses,
}: {
  draft: RuleDraft;
  set: (d: RuleDraft) => void;
  warehouses: { id: string; name: string }[];
}) {
  const t = useT(ROUTING_TEXTS);
  const partner = (field: keyof RuleDraft['partner'], value: string) =>
    set({ ...draft, partner: { ...draft.partner, [field]: value } });
  const needsPartner = draft.kind === 'vendor' || draft.kind === 'repair_partner';
  return (
    <fieldset>
      <legend>{t.destination}</legend>
      <label>
        <span>{t.kind}</span>
        <select value={draft.kind} onChange={(e) => set({ ...draft, kind: e.target.value as RuleDraft['kind'] })}>
          {KINDS.map((k) => (
            <option key={k} value={k}>
              {t[k]}
            </option>
          ))}
        </select>
      </label>
      {draft.kind === 'warehouse' && (
        <label>
          <span>{t.pickWarehouse}</span>
          <select required value={draft.warehouseId} onChange={(e) => set({ ...draft, warehouseId: e.target.value })}>
            {warehouses.map((w) => (
              <option key={w.id} value={w.id}>
                {w.name}
              </option>
            ))}
          </select>
        </label>
      )}
      {needsPartner && (
        <div className="field-grid">
          {(['name', 'line1', 'postcode', 'city', 'country'] as const).map((f) => (
            <label key={f}>
              <span>{f === 'name' ? t.partnerName : t[f]}</span>
              <input
                required
                maxLength={f === 'country' ? 2 : 200}
                value={draft.partner[f]}
                onChange={(e) => partner(f, e.target.value)}
              />
            </label>
          ))}
          <label>
            <span>{t.email}</span>
            <input type="email" value={draft.partner.email} onChange={(e) => partner('email', e.target.value)} />
          </label>
        </div>
      )}
    </fieldset>
  );
}

import type { StaffRole } from '../../../../../../src/domain/access.js';
import { useT } from '../../../i18n.js';
import { RoleOptions } from '../../../ui/RoleOptions.js';
import { StoreSelect, useStores } from '../../../ui/StoreSelect.js';
import { SSO_TEXTS } from './ssoTexts.js';

export interface MappingRow {
  group: string;
  role: StaffRole;
  storeId: string | null;
}

/** The ordered list of provider groups and the role each gives; order matters (first match wins),
 * so a row can move up. */
export function RoleMappings({ rows, onChange }: { rows: MappingRow[]; onChange: (rows: MappingRow[]) => void }) {
  const t = useT(SSO_TEXTS);
  const stores = useStores();
  const change = (i: number, patch: Partial<MappingRow>) => onChange(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  const up = (i: number) => {
    const next = [...rows];
    [next[i - 1], next[i]] = [next[i] as MappingRow, next[i - 1] as MappingRow];
    onChange(next);
  };
  const n = (text: string, i: number) => text.replace('{n}', String(i + 1));
  return (
    <fieldset className="plain">
      <legend>{t.mappings}</legend>
      <p className="muted">{t.mappingsHint}</p>
      {rows.length === 0 && <p>{t.noMappings}</p>}
      <ol>
        {rows.map((row, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: rows have no id of their own and their place is their meaning
          <li key={i} className="field-grid">
            <input
              aria-label={n(t.groupOf, i)}
              required
              value={row.group}
              onChange={(e) => change(i, { group: e.target.value })}
            />
            <select
              aria-label={n(t.roleOf, i)}
              value={row.role}
              onChange={(e) => {
                const role = e.target.value as StaffRole;
                change(i, { role, storeId: role === 'store' ? row.storeId : null });
              }}
            >
              <RoleOptions />
            </select>
            {row.role === 'store' && (
              <StoreSelect
                stores={stores}
                value={row.storeId}
                label={n(t.storeOf, i)}
                onChange={(storeId) => change(i, { storeId })}
              />
            )}
            {i > 0 && (
              <button type="button" aria-label={n(t.upOf, i)} onClick={() => up(i)}>
                {t.up}
              </button>
            )}
            <button type="button" aria-label={n(t.removeOf, i)} onClick={() => onChange(rows.filter((_, j) => j !== i))}>
              {t.remove}
            </button>
          </li>
        ))}
      </ol>
      <button type="button" onClick={() => onChange([...rows, { group: '', role: 'agent', storeId: null }])}>
        {t.add}
      </button>
    </fieldset>
  );
}

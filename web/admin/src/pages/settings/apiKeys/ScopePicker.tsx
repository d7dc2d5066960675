import type { Permission, StaffRole } from '../../../../../../src/domain/access.js';
import { useT } from '../../../i18n.js';
import { permissionsOf } from './apiKeyModel.js';
import { API_KEY_TEXTS } from './apiKeyTexts.js';
import { type PermissionGroup, permissionGroup, usePermissionWords } from './permissionTexts.js';

/** The role's permissions, grouped by what they are about, in the role table's order. */
function groupsOf(role: StaffRole): [PermissionGroup, Permission[]][] {
  const groups = new Map<PermissionGroup, Permission[]>();
  for (const p of permissionsOf(role)) groups.set(permissionGroup(p), [...(groups.get(permissionGroup(p)) ?? []), p]);
  return [...groups];
}

/** What a new key may do: everything its role may (null, the default, which also covers what the
 * role gains later), or only the permissions ticked, grouped and in the reader's words. */
export function ScopePicker({
  role,
  value,
  onChange,
}: {
  role: StaffRole;
  value: Permission[] | null;
  onChange: (scopes: Permission[] | null) => void;
}) {
  const t = useT(API_KEY_TEXTS);
  const words = usePermissionWords();
  const toggle = (p: Permission, on: boolean) =>
    onChange(on ? [...(value ?? []), p] : (value ?? []).filter((chosen) => chosen !== p));
  return (
    <fieldset className="choices">
      <legend>{t.access}</legend>
      <label className="check">
        <input type="radio" name="key-access" checked={value === null} onChange={() => onChange(null)} />
        <span>{t.allOfRole}</span>
      </label>
      <label className="check">
        <input type="radio" name="key-access" checked={value !== null} onChange={() => onChange(value ?? [])} />
        <span>{t.chosen}</span>
      </label>
      {value !== null &&
        groupsOf(role).map(([group, permissions]) => (
          <fieldset key={group} className="choices">
            <legend>{words.group(group)}</legend>
            {permissions.map((p) => (
              <label key={p} className="check">
                <input type="checkbox" checked={value.includes(p)} onChange={(e) => toggle(p, e.target.checked)} />
                <span>{words.permission(p)}</span>
              </label>
            ))}
          </fieldset>
        ))}
    </fieldset>
  );
}

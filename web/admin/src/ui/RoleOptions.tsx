import { STAFF_ROLES } from '../../../../src/domain/access.js';
import { useLabels } from './useLabels.js';

/** The staff roles as a select's options, in the reader's words. */
export function RoleOptions() {
  const label = useLabels();
  return (
    <>
      {STAFF_ROLES.map((r) => (
        <option key={r} value={r}>
          {label.role(r)}
        </option>
      ))}
    </>
  );
}

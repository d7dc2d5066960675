import type { ReactNode } from 'react';
import { texts, useT } from '../../i18n.js';
import { Loaded } from '../../ui/States.js';
import type { Loaded as LoadState } from '../../ui/useLoad.js';

const T = texts({
  en: { updating: 'Updating the figures…' },
  nl: { updating: 'De cijfers worden bijgewerkt…' },
});

/** A report as it loads: the spinner the first time, and while new filters load the figures shown
 * stay, marked busy with a note that they are updating, so nobody reads the old ones as the new. */
export function ReportLoaded<T>({ state, children }: { state: LoadState<T>; children: (data: T) => ReactNode }) {
  const t = useT(T);
  const updating = state.loading && state.data !== null;
  return (
    <div className={updating ? 'report updating' : 'report'} aria-busy={updating}>
      <p className={updating ? 'muted updating-note' : 'sr-only'} role="status">
        {updating ? t.updating : ''}
      </p>
      <Loaded state={state}>{children}</Loaded>
    </div>
  );
}

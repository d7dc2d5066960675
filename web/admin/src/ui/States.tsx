import type { ReactNode } from 'react';
import { texts, useT } from '../i18n.js';

const T = texts({
  en: { loading: 'Loading…', retry: 'Try again', error: 'Something went wrong' },
  nl: { loading: 'Laden…', retry: 'Opnieuw proberen', error: 'Er ging iets mis' },
});

export function Loading({ label }: { label?: string }) {
  const t = useT(T);
  return (
    <p className="state" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" /> {label ?? t.loading}
    </p>
  );
}

export function ErrorBox({ message, onRetry }: { message: string; onRetry?: () => void }) {
  const t = useT(T);
  return (
    <div className="error" role="alert">
      <strong>{t.error}:</strong> {message}
      {onRetry && (
        <button type="button" className="link" onClick={onRetry}>
          {t.retry}
        </button>
      )}
    </div>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <p className="state empty">{children}</p>;
}

/** Loading, error or content, in that order, for data loaded by useLoad. */
export function Loaded<T>({
  state,
  children,
}: {
  state: { data: T | null; error: string | null; loading: boolean; reload: () => void };
  children: (data: T) => ReactNode;
}) {
  if (state.error) return <ErrorBox message={state.error} onRetry={state.reload} />;
  if (state.data === null) return <Loading />;
  return <>{children(state.data)}</>;
}

import { type ReactNode, useState } from 'react';
import { dateTime, useLang, useT } from '../../../i18n.js';
import { Loaded } from '../../../ui/States.js';
import type { Loaded as LoadState } from '../../../ui/useLoad.js';
import type { ShopConnection, SyncRun } from './connectionModel.js';
import { CONNECTION_TEXTS } from './connectionTexts.js';

/** The last "test connection": works or failed, what the platform said, and when. */
export function CheckResult({ check }: { check: ShopConnection['check'] }) {
  const t = useT(CONNECTION_TEXTS);
  const lang = useLang();
  if (!check) return <span className="muted">{t.notChecked}</span>;
  return (
    <>
      <span className={`badge ${check.ok ? 'good' : 'bad'}`}>
        <span aria-hidden="true">{check.ok ? '✓ ' : '✗ '}</span>
        {check.ok ? t.checkOk : t.checkFailed}
      </span>
      {check.message && (
        <>
          <br />
          <small>{check.message}</small>
        </>
      )}
      <br />
      <small className="muted">{dateTime(check.at, lang)}</small>
    </>
  );
}

/** The address the shop pastes into the platform's webhook settings, with a copy button. */
export function WebhookUrl({ url }: { url: string }) {
  const t = useT(CONNECTION_TEXTS);
  const [copied, setCopied] = useState(false);
  return (
    <p className="muted">
      <small>{t.webhookUrl}:</small> <code>{url}</code>{' '}
      <button
        type="button"
        className="link"
        onClick={() =>
          void navigator.clipboard?.writeText(url).then(
            () => setCopied(true),
            () => setCopied(false),
          )
        }
      >
        {t.copy}
      </button>
      {copied && <span role="status"> {t.copied}</span>}
    </p>
  );
}

/** How far a run got: a bar when the platform said how many there are, a count otherwise. */
export function RunProgress({ run, label }: { run: SyncRun; label: string }) {
  const t = useT(CONNECTION_TEXTS);
  const total = run.total ?? null;
  const text = total === null ? `${run.processed}` : `${run.processed} ${t.of} ${total}`;
  return (
    <span className="run-progress">
      {total !== null && total > 0 && (
        <progress max={total} value={Math.min(run.processed, total)} aria-label={`${label}: ${text}`} />
      )}{' '}
      <small>{text}</small>
    </span>
  );
}

/** A run's state as a badge. */
export function RunStatus({ run }: { run: SyncRun }) {
  const t = useT(CONNECTION_TEXTS);
  const tone = run.status === 'succeeded' ? 'good' : run.status === 'failed' ? 'bad' : '';
  return <span className={`badge ${tone}`}>{t[run.status]}</span>;
}

/** Data the page asks for again and again (while a sync runs): once shown, a failed refresh keeps
 * it on screen with a small line saying so, instead of trading the whole section for an error. */
export function Polled<T>({ state, children }: { state: LoadState<T>; children: (data: T) => ReactNode }) {
  const t = useT(CONNECTION_TEXTS);
  if (state.data === null) return <Loaded state={state}>{children}</Loaded>;
  return (
    <>
      {state.error && (
        <p className="muted" role="status">
          <small>{t.stale.replace('{message}', state.error)}</small>
        </p>
      )}
      {children(state.data)}
    </>
  );
}

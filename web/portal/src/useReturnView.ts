import { useCallback, useEffect, useState } from 'react';
import { ApiError, api, objectUrl, type ReturnView } from './api.js';
import { type Locale, t } from './i18n.js';

/** The return the shopper follows: the one just made, or the one the status link opens (missing
 * when the link's token no longer opens one; `erased` when it stopped because the shopper's personal
 * data was erased, so they are told why instead of being sent to look up an order that is gone). */
export function useReturnView(locale: Locale, returnId: string | undefined) {
  const [view, setView] = useState<ReturnView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [missing, setMissing] = useState<false | 'missing' | 'erased'>(false);
  const load = useCallback(
    () =>
      api<ReturnView>('GET', returnId ? `/shopper/returns/${returnId}` : '/shopper/status').then(setView, (err) =>
        returnId
          ? setError(t(locale, 'failed'))
          : setMissing(err instanceof ApiError && err.problem.code === 'CUSTOMER_ERASED' ? 'erased' : 'missing'),
      ),
    [returnId, locale],
  );
  useEffect(() => {
    void load();
  }, [load]);
  return { view, load, error, setError, missing };
}

/** The return's QR code as an object URL while it is to be shown, revoked when it no longer is. */
export function useQrImage(view: ReturnView | null, show: boolean): string | null {
  const [qr, setQr] = useState<string | null>(null);
  useEffect(() => {
    if (!show || !view) return;
    let url: string | null = null;
    objectUrl(`/shopper/returns/${view.id}/qr.svg`).then(
      (u) => {
        url = u;
        setQr(u);
      },
      () => setQr(null),
    );
    return () => {
      if (url) URL.revokeObjectURL(url);
    };
  }, [show, view]);
  return qr;
}

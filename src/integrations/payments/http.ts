import { egressDispatcher, refusedByEgress } from '../../app/kernel/egressDispatcher.js';
import { ProviderError } from '../../app/money/payments/port.js';

/** How long one provider call may take before it counts as no answer. */
const TIMEOUT_MS = 15_000;

/** One HTTP call to a provider, with a time-out; network failures become transient errors. The
 * API key goes in the Authorization header only, never in a URL or an error message; a redirect is
 * not followed (it would take the key to wherever it points) but refused, as apiFetch does. */
export async function providerFetch(
  provider: string,
  url: string,
  init: { method: string; headers: Record<string, string>; body?: string },
): Promise<{ status: number; body: unknown }> {
  let res: Response;
  try {
    res = await fetch(url, {
      ...init,
      redirect: 'manual',
      signal: AbortSignal.timeout(TIMEOUT_MS),
      dispatcher: egressDispatcher,
    } as RequestInit);
  } catch (err) {
    if (refusedByEgress(err))
      throw new ProviderError(
        'rejected',
        'PROVIDER_URL_NOT_ALLOWED',
        `${provider}'s address is a private one Retour does not call`,
      );
    const reason = (err as Error).name === 'TimeoutError' ? 'timed out' : 'could not be reached';
    throw new ProviderError('transient', 'PROVIDER_UNREACHABLE', `${provider} ${reason}`);
  }
  if (res.status >= 300 && res.status < 400) {
    await res.body?.cancel();
    throw new ProviderError(
      'rejected',
      'PROVIDER_REDIRECTED',
      `${provider} answered with a redirect (${res.status}), which Retour does not follow: check the API address`,
      res.status,
    );
  }
  const text = await res.text();
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = { raw: text.slice(0, 200) };
  }
  return { status: res.status, body };
}

/** Splits provider failures into "asking again may help" and "the answer is no". */
export function isTransientStatus(status: number): boolean {
  return status >= 500 || status === 409 || status === 429 || status === 408;
}

/** Decimal string for minor units ("12.34"); currencies here have two decimals. */
export const toDecimal = (amount: number) => (amount / 100).toFixed(2);
export const fromDecimal = (value: string) => Math.round(Number.parseFloat(value) * 100);

import { type FormEvent, useState } from 'react';
import { Alert } from './Alert.js';
import { ApiError, api, type Evaluation, type Order, type OrderToken, type Reason, setToken } from './api.js';
import type { Found } from './flow.js';
import { type Locale, t } from './i18n.js';

/** Order number plus e-mail address or postcode; a wrong pair and too many tries say so plainly. */
export function LookupStep({ locale, onFound }: { locale: Locale; onFound: (found: Found) => void }) {
  const [orderNumber, setOrderNumber] = useState('');
  const [contact, setContact] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const byEmail = contact.includes('@');
      const { token } = await api<OrderToken>('POST', '/shopper/lookup', {
        orderNumber: orderNumber.trim(),
        ...(byEmail ? { email: contact.trim() } : { postcode: contact.trim() }),
      });
      setToken(token);
      const [order, reasons, evaluation] = await Promise.all([
        api<Order>('GET', '/shopper/order'),
        api<Reason[]>('GET', '/shopper/reasons'),
        api<Evaluation>('GET', `/shopper/policy-evaluation?locale=${locale}`),
      ]);
      onFound({ order, reasons, evaluation });
    } catch (err) {
      const status = err instanceof ApiError ? err.problem.status : 0;
      setError(t(locale, status === 404 || status === 400 ? 'notFound' : status === 429 ? 'tooMany' : 'failed'));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="card" onSubmit={submit} noValidate>
      <p>{t(locale, 'lookupIntro')}</p>
      <label>
        <span>{t(locale, 'orderNumber')}</span>
        <input
          name="orderNumber"
          required
          autoComplete="off"
          value={orderNumber}
          onChange={(e) => setOrderNumber(e.target.value)}
        />
      </label>
      <label>
        <span>{t(locale, 'emailOrPostcode')}</span>
        <input name="contact" required autoComplete="email" value={contact} onChange={(e) => setContact(e.target.value)} />
      </label>
      <Alert message={error} />
      <button type="submit" disabled={busy || !orderNumber.trim() || !contact.trim()}>
        {busy ? t(locale, 'searching') : t(locale, 'find')}
      </button>
    </form>
  );
}

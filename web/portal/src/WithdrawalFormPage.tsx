import type { Address } from './api.js';
import type { Locale } from './i18n.js';
import { WITHDRAWAL_FORM } from './withdrawalFormText.js';

/** The model withdrawal form as a page to print or copy, with the shop's name and return address
 * already filled in, and a pointer to withdrawing online, which is quicker. */
export function WithdrawalFormPage({
  locale,
  shop,
}: {
  locale: Locale;
  shop: { name: string; returnAddress: Address | null; email?: string | null };
}) {
  const text = WITHDRAWAL_FORM[locale];
  const address = shop.returnAddress;
  const to = [
    shop.name,
    address?.line1,
    address?.line2,
    address ? `${address.postcode} ${address.city}` : null,
    address?.country,
    shop.email,
  ].filter(Boolean);
  return (
    <section className="card withdrawal-form" aria-labelledby="withdrawal-form-title">
      <p className="notice no-print">
        <a href="/returns/">{text.online}</a>
      </p>
      <h2 id="withdrawal-form-title">{text.heading}</h2>
      <p>{text.instruction}</p>
      <p>
        — {text.to}: <span data-testid="withdrawal-form-to">{to.join(', ')}</span>
      </p>
      <p>— {text.declaration}</p>
      <p className="write-line" aria-hidden="true" />
      <dl className="form-lines">
        {text.fields.map((field) => (
          <div key={field}>
            <dt>— {field}:</dt>
            <dd className="write-line" />
          </div>
        ))}
      </dl>
      <p className="hint">{text.deleteNote}</p>
      <button type="button" className="no-print" onClick={() => window.print()}>
        {text.print}
      </button>
    </section>
  );
}

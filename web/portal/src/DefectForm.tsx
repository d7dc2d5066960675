import type { FormEvent } from 'react';
import { Alert } from './Alert.js';
import { dt } from './defectTexts.js';
import { type Locale, money, t } from './i18n.js';
import { methodWords } from './MethodChoice.js';
import { PhotoPicker } from './PhotoPicker.js';
import { type DefectClaim, REMEDIES } from './useDefectClaim.js';

/** What is wrong (required), photos, the preferred remedy in plain words and how the item travels. */
export function DefectForm({
  id,
  locale,
  currency,
  claim,
  tried,
  busy,
  onSend,
  onBack,
}: {
  id: string;
  locale: Locale;
  currency: string;
  claim: DefectClaim;
  tried: boolean;
  busy: boolean;
  onSend: () => void;
  onBack: () => void;
}) {
  const returnable = claim.first?.returnableQuantity ?? 1;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSend();
  };
  return (
    <form className="choice" noValidate onSubmit={submit}>
      {returnable > 1 && (
        <label>
          <span>{t(locale, 'quantity')}</span>
          <select value={claim.quantity} onChange={(e) => claim.setQuantity(Number(e.target.value))}>
            {Array.from({ length: returnable }, (_, i) => i + 1).map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
      )}
      <label htmlFor={`${id}-what`}>
        <span>{dt(locale, 'whatIsWrong')} *</span>
      </label>
      <p className="hint" id={`${id}-what-hint`}>
        {dt(locale, 'whatIsWrongHint')}
      </p>
      <textarea
        id={`${id}-what`}
        required
        maxLength={2000}
        aria-describedby={`${id}-what-hint`}
        aria-invalid={tried && !claim.description.trim()}
        value={claim.description}
        onChange={(e) => claim.setDescription(e.target.value)}
      />
      <PhotoPicker locale={locale} required={claim.photoRequired} photos={claim.photos} onChange={claim.setPhotos} />
      <RemedyChoice id={id} locale={locale} claim={claim} />
      <ParcelMethodChoice id={id} locale={locale} currency={currency} claim={claim} />
      {claim.warrantyClaim && <p className="hint">{claim.warrantyClaim.message}</p>}
      <NextSteps locale={locale} />
      {tried && claim.missing && (
        <p className="error" role="alert">
          {claim.missing === 'describe'
            ? dt(locale, 'describeDefect')
            : claim.missing === 'photo'
              ? t(locale, 'photoRequired')
              : t(locale, 'pickOne')}
        </p>
      )}
      <Alert message={claim.error} />
      <div className="actions">
        <button type="button" className="secondary" onClick={onBack}>
          {t(locale, 'back')}
        </button>
        <button type="submit" disabled={busy || !claim.verdict}>
          {busy ? t(locale, 'sending') : dt(locale, 'sendReport')}
        </button>
      </div>
    </form>
  );
}

function RemedyChoice({ id, locale, claim }: { id: string; locale: Locale; claim: DefectClaim }) {
  const { verdict } = claim;
  return (
    <fieldset>
      <legend>{dt(locale, 'remedyTitle')}</legend>
      <p className="hint">{dt(locale, 'remedyIntro')}</p>
      {REMEDIES.filter((r) => !verdict || verdict.resolutions.includes(r)).map((r) => (
        <label key={r} className="check">
          <input type="radio" name={`${id}-remedy`} value={r} checked={claim.remedy === r} onChange={() => claim.setRemedy(r)} />
          <span>{dt(locale, `remedy.${r}`)}</span>
        </label>
      ))}
      <p className="hint">{dt(locale, 'refundNote')}</p>
    </fieldset>
  );
}

function ParcelMethodChoice({
  id,
  locale,
  currency,
  claim,
}: {
  id: string;
  locale: Locale;
  currency: string;
  claim: DefectClaim;
}) {
  if (claim.methods.length === 0) return null;
  return (
    <fieldset>
      <legend>{dt(locale, 'sendHow')}</legend>
      {claim.methods.map((m) => (
        <label key={m.method} className="check">
          <input
            type="radio"
            name={`${id}-method`}
            value={m.method}
            checked={claim.method === m.method}
            onChange={() => claim.setMethod(m.method)}
          />
          <span>
            {methodWords(locale, m.method).name} — {m.fee > 0 ? money(locale, m.fee, currency) : dt(locale, 'freeOfCharge')}
          </span>
        </label>
      ))}
    </fieldset>
  );
}

function NextSteps({ locale }: { locale: Locale }) {
  return (
    <div className="next">
      <h3>{dt(locale, 'nextSteps')}</h3>
      <ol>
        <li>{dt(locale, 'next1')}</li>
        <li>{dt(locale, 'next2')}</li>
        <li>{dt(locale, 'next3')}</li>
      </ol>
    </div>
  );
}

import { type FormEvent, useCallback, useEffect, useState } from 'react';
import type { ServicePoints, ServicePointWire } from '../../../src/http/routes/logistics/dropOff/schema.js';
import { ApiError, api } from './api.js';
import { ct, distanceText, weekdayName } from './carrierTexts.js';
import type { Locale } from './i18n.js';

export type ServicePoint = ServicePointWire;

type Search = { state: 'loading' } | { state: 'done'; points: ServicePoint[] } | { state: 'failed'; carrierDown: boolean };

/**
 * Drop-off points near the shopper, as a list of radio buttons (no map needed): each with its
 * carrier, name, address, distance, today's (or the next) opening hours and whether it is a locker.
 * Searches near the order's address first; the shopper can search near another postcode.
 */
export function ServicePointPicker({
  locale,
  method,
  value,
  onChange,
}: {
  locale: Locale;
  method: string;
  value: ServicePoint | null;
  onChange: (point: ServicePoint | null) => void;
}) {
  const [postcode, setPostcode] = useState('');
  const [search, setSearch] = useState<Search>({ state: 'loading' });
  const find = useCallback(
    (near: string) => {
      setSearch({ state: 'loading' });
      const query = new URLSearchParams({ method, ...(near.trim() ? { postcode: near.trim() } : {}) });
      api<ServicePoints>('GET', `/shopper/service-points?${query}`).then(
        (found) => {
          setPostcode((typed) => typed || found.postcode);
          setSearch({ state: 'done', points: found.points });
        },
        (err) =>
          setSearch({ state: 'failed', carrierDown: err instanceof ApiError && err.problem.code === 'CARRIER_UNAVAILABLE' }),
      );
    },
    [method],
  );
  // A new method searches afresh near the order's address.
  useEffect(() => find(''), [find]);

  function submit(e: FormEvent) {
    e.preventDefault();
    onChange(null);
    find(postcode);
  }

  return (
    <div className="points" data-testid="service-points">
      <form className="point-search" aria-label={ct(locale, 'searchPoints')} onSubmit={submit}>
        <label>
          <span>{ct(locale, 'postcode')}</span>
          <input
            name="postcode"
            autoComplete="postal-code"
            value={postcode}
            onChange={(e) => setPostcode(e.target.value)}
            required
            maxLength={20}
          />
        </label>
        <button type="submit" className="secondary">
          {ct(locale, 'searchPoints')}
        </button>
      </form>
      <PointList locale={locale} search={search} value={value} onChange={onChange} onRetry={() => find(postcode)} />
    </div>
  );
}

function PointList({
  locale,
  search,
  value,
  onChange,
  onRetry,
}: {
  locale: Locale;
  search: Search;
  value: ServicePoint | null;
  onChange: (point: ServicePoint) => void;
  onRetry: () => void;
}) {
  if (search.state === 'loading')
    return (
      <p role="status" aria-busy="true">
        {ct(locale, 'pointsLoading')}
      </p>
    );
  if (search.state === 'failed')
    return (
      <div className="notice" role="alert">
        <p>{ct(locale, 'carrierDown')}</p>
        <button type="button" className="secondary" onClick={onRetry}>
          {ct(locale, 'tryAgain')}
        </button>
      </div>
    );
  if (search.points.length === 0) return <p role="status">{ct(locale, 'pointsEmpty')}</p>;
  return (
    <fieldset>
      <legend>{ct(locale, 'pointTitle')}</legend>
      <p className="sr-only" role="status">
        {ct(locale, 'pointsFound', { count: search.points.length })}
      </p>
      <ul className="point-list">
        {search.points.map((p) => (
          <li key={`${p.carrier}:${p.id}`}>
            <label className="check point">
              <input
                type="radio"
                name="servicePoint"
                value={p.id}
                checked={value?.id === p.id && value.carrier === p.carrier}
                onChange={() => onChange(p)}
                aria-describedby={`point-${p.carrier}-${p.id}`}
              />
              <PointText locale={locale} point={p} />
            </label>
          </li>
        ))}
      </ul>
    </fieldset>
  );
}

/** One point in words: what it is, where, how far, and when it is open. */
export function PointText({ locale, point }: { locale: Locale; point: ServicePoint }) {
  const badge = point.kind === 'locker' ? ct(locale, 'locker') : point.kind === 'post_office' ? ct(locale, 'postOffice') : null;
  return (
    <span>
      <strong>{point.name}</strong> {badge && <span className="badge">{badge}</span>}
      <small id={`point-${point.carrier}-${point.id}`} className="hint">
        {point.carrier.toUpperCase()} · {point.address.line1}, {point.address.postcode} {point.address.city}
        {point.distanceMeters != null && ` · ${ct(locale, 'away', { distance: distanceText(locale, point.distanceMeters) })}`}
        {openingText(locale, point) && ` · ${openingText(locale, point)}`}
      </small>
    </span>
  );
}

/** Today's opening hours, or when the point opens next. */
function openingText(locale: Locale, point: ServicePoint, now = new Date()): string | null {
  const hours = point.openingHours ?? [];
  if (hours.length === 0) return null;
  const today = (now.getDay() + 6) % 7;
  const span = (day: number) =>
    hours
      .filter((h) => h.day === day)
      .map((h) => `${h.open}–${h.close}`)
      .join(', ');
  if (span(today)) return ct(locale, 'openToday', { hours: span(today) });
  for (let ahead = 1; ahead < 7; ahead++) {
    const day = (today + ahead) % 7;
    if (span(day)) return ct(locale, 'closedToday', { day: weekdayName(locale, day), hours: span(day) });
  }
  return null;
}

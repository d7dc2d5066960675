import { useRef } from 'react';
import type { ExpectedList as ExpectedReturns } from '../../../../../src/http/routes/logistics/tracking/schema.js';
import { api } from '../../api.js';
import { dateTime, texts, useLang, useT } from '../../i18n.js';
import { linkProps } from '../../router.js';
import { Loaded } from '../../ui/States.js';
import { useLoad } from '../../ui/useLoad.js';

const T = texts({
  en: {
    title: 'Expected today',
    hint: 'Delivered by the carrier, not received yet. Arrow keys move between them, Enter opens the return.',
    none: 'No parcel the carrier delivered is waiting to be received.',
    delivered: 'delivered',
    boxes: 'boxes',
  },
  nl: {
    title: 'Vandaag verwacht',
    hint: 'Door de vervoerder afgeleverd, nog niet ontvangen. Pijltjestoetsen om te kiezen, Enter opent de retour.',
    none: 'Er wacht geen door de vervoerder afgeleverd pakket op ontvangst.',
    delivered: 'afgeleverd',
    boxes: 'dozen',
  },
});

/** The returns the carrier delivered at the dock that nobody received yet: the station works
 * through them with the keyboard, the longest waiting first. */
export function ExpectedList() {
  const t = useT(T);
  const lang = useLang();
  const list = useRef<HTMLUListElement>(null);
  const state = useLoad(() => api<ExpectedReturns>('GET', '/inbound/expected'), []);

  function move(e: React.KeyboardEvent<HTMLUListElement>) {
    const links = [...(list.current?.querySelectorAll<HTMLAnchorElement>('a') ?? [])];
    const at = links.indexOf(document.activeElement as HTMLAnchorElement);
    const step = e.key === 'ArrowDown' ? 1 : e.key === 'ArrowUp' ? -1 : 0;
    if (step === 0 || links.length === 0) return;
    e.preventDefault();
    links[(at + step + links.length) % links.length]?.focus();
  }

  return (
    <section className="card" aria-labelledby="expected-title">
      <h2 id="expected-title">{t.title}</h2>
      <p className="muted">{t.hint}</p>
      <Loaded state={state}>
        {(data) =>
          data.items.length === 0 ? (
            <p>{t.none}</p>
          ) : (
            <ul className="expected" ref={list} onKeyDown={move}>
              {data.items.map((item) => (
                <li key={item.returnId}>
                  <a {...linkProps(`/receive/${item.returnId}`)}>
                    <strong>{item.number}</strong> {item.customerName ?? ''}
                  </a>{' '}
                  <span className="muted">
                    {t.delivered} {dateTime(item.carrierDeliveredAt, lang)} · {item.trackingNumbers.join(', ')}
                    {item.parcelCount > 1 ? ` · ${item.parcelCount} ${t.boxes}` : ''}
                  </span>
                </li>
              ))}
            </ul>
          )
        }
      </Loaded>
    </section>
  );
}

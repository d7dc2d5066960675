import { useCallback, useRef, useState } from 'react';
import { api, problemText } from '../../../api.js';
import type { CarrierServiceList } from './carrierModel.js';

type Services = CarrierServiceList['items'];
export type ServicesState = { status: 'loading' } | { status: 'ready'; items: Services } | { status: 'failed'; error: string };

/** The carrier services per connection and shopper country, each asked of the carrier once while
 * the editor is open; `to` is the country returns are sent to. */
export function useServices(to: string) {
  const [byKey, setByKey] = useState<Record<string, ServicesState>>({});
  const asked = useRef(new Set<string>());
  const services = useCallback(
    (connectionId: string, from: string): ServicesState | null => {
      if (!connectionId || !/^[A-Z]{2}$/.test(from)) return null;
      const key = `${connectionId}:${from}:${to}`;
      if (!asked.current.has(key)) {
        asked.current.add(key);
        const set = (s: ServicesState) => setByKey((all) => ({ ...all, [key]: s }));
        api<CarrierServiceList>('GET', `/carriers/${connectionId}/services?from=${from}&to=${to}`).then(
          (list) => set({ status: 'ready', items: list.items }),
          (err) => set({ status: 'failed', error: problemText(err) }),
        );
      }
      return byKey[key] ?? { status: 'loading' };
    },
    [byKey, to],
  );
  return services;
}

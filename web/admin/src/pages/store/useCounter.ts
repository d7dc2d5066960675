import { useState } from 'react';
import type {
  CounterFindWire,
  CounterOrderWire,
  TakeBackBody,
  TakeBackWire,
} from '../../../../../src/http/routes/stores/counter/schema.js';
import { ApiError, api, query } from '../../api.js';
import { useLang } from '../../i18n.js';
import { labelsFor } from '../../labels.js';
import { useAction } from '../../ui/useAction.js';
import { STORE_TEXTS } from './storeTexts.js';

export type Step = 'find' | 'items' | 'grade' | 'refund' | 'receipt';
export type Grade = TakeBackBody['lines'][number]['grade'];
export type Disposition = NonNullable<TakeBackBody['lines'][number]['disposition']>;
export type OpenReturn = CounterOrderWire['openReturns'][number];

/** One item picked at the counter: how many come back, why, and how it was graded. */
export interface Pick {
  orderLineId: string;
  quantity: number;
  reasonCode: string | null;
  grade: Grade | null;
  disposition: Disposition | null;
}

const picked = (orderLineId: string, quantity: number): Pick => ({
  orderLineId,
  quantity,
  reasonCode: null,
  grade: null,
  disposition: null,
});

/** What the shopper brings: the order, the online return it belongs to (if any), the items picked
 * and how the money should come back. */
function useSelection() {
  const [order, setOrder] = useState<CounterOrderWire | null>(null);
  const [online, setOnline] = useState<OpenReturn | null>(null);
  const [picks, setPicks] = useState<Pick[]>([]);
  const [resolution, setResolution] = useState<'refund' | 'store_credit'>('refund');
  return {
    order,
    online,
    picks,
    resolution,
    setResolution,
    select(o: CounterOrderWire | null, r: OpenReturn | null) {
      setOrder(o);
      setOnline(r);
      setResolution('refund');
      setPicks(r ? r.lines.filter((l) => l.acceptance === 'approved').map((l) => picked(l.orderLineId, l.quantity)) : []);
    },
    setPick(orderLineId: string, change: Partial<Pick>) {
      setPicks((list) => {
        const next = list.some((p) => p.orderLineId === orderLineId)
          ? list.map((p) => (p.orderLineId === orderLineId ? { ...p, ...change } : p))
          : [...list, { ...picked(orderLineId, 0), ...change }];
        return next.filter((p) => p.quantity > 0);
      });
    },
  };
}

type Selection = ReturnType<typeof useSelection>;

/** The take-back call's body for what was selected. */
function takeBackBody(storeId: string | null, s: Selection, order: CounterOrderWire): TakeBackBody {
  return {
    ...(storeId ? { storeId } : {}),
    orderId: order.id,
    ...(s.online ? { returnId: s.online.id } : { resolution: s.resolution }),
    lines: s.picks.map((p) => ({
      orderLineId: p.orderLineId,
      quantity: p.quantity,
      reasonCode: p.reasonCode,
      grade: p.grade ?? 'A',
      disposition: p.disposition,
    })),
  };
}

/** A refusal by the return policy in the staff member's words: per refused item, why (the
 * verdict's codes, e.g. "Personalised (no right of withdrawal)"). */
function policyRefusal(
  err: unknown,
  order: CounterOrderWire,
  words: { refused: string; labels: ReturnType<typeof labelsFor> },
): Error | null {
  if (!(err instanceof ApiError)) return null;
  const verdicts = (err.problem as { verdicts?: { orderLineId: string; eligible: boolean; codes: string[] }[] }).verdicts;
  if (!verdicts?.length) return null;
  const lines = verdicts
    .filter((v) => !v.eligible)
    .map(
      (v) =>
        `${order.lines.find((l) => l.id === v.orderLineId)?.title ?? ''}: ${v.codes.map(words.labels.verdictCode).join(', ')}`,
    );
  return new Error([words.refused, ...lines].join(' — '));
}

/** Where the shopper is at the counter, from the first scan to the receipt. A take-back keeps one
 * Idempotency-Key from the moment it is confirmed until the next shopper, so a second tap or a
 * retry after a lost answer takes the goods back once. */
export function useCounter(storeId: string | null) {
  const [step, setStep] = useState<Step>('find');
  const [found, setFound] = useState<CounterFindWire | null>(null);
  const [searched, setSearched] = useState('');
  const [result, setResult] = useState<TakeBackWire | null>(null);
  // The key and the body it was sent with: the same body keeps its key, a changed one (another
  // choice after a refusal) is another request.
  const [sent, setSent] = useState<{ key: string; body: string } | null>(null);
  const selection = useSelection();
  const search = useAction();
  const submit = useAction();
  const lang = useLang();
  const words = { refused: STORE_TEXTS[lang].refused, labels: labelsFor(lang) };

  const choose = (o: CounterOrderWire, r: OpenReturn | null) => {
    selection.select(o, r);
    setStep('items');
  };

  async function find(q: string) {
    setSearched(q);
    await search.run(async () => {
      const res = await api<CounterFindWire>('GET', `/store-counter/find${query({ q })}`);
      setFound(res);
      // A scanned QR code names the return: straight to its items.
      const match = res.orders.find((o) => o.openReturns.some((r) => r.id === res.returnId));
      const ret = match?.openReturns.find((r) => r.id === res.returnId);
      if (match && ret) choose(match, ret);
      else if (res.orders.length === 1 && res.orders[0]) choose(res.orders[0], null);
    });
  }

  async function confirm() {
    if (!selection.order) return;
    const body = takeBackBody(storeId, selection, selection.order);
    const text = JSON.stringify(body);
    const key = sent?.body === text ? sent.key : crypto.randomUUID();
    setSent({ key, body: text });
    const order = selection.order;
    await submit.run(async () => {
      try {
        setResult(await api<TakeBackWire>('POST', '/store-counter/returns', body, { 'idempotency-key': key }));
      } catch (err) {
        throw policyRefusal(err, order, words) ?? err;
      }
      setStep('receipt');
    });
  }

  function reset() {
    setStep('find');
    setFound(null);
    selection.select(null, null);
    setResult(null);
    setSent(null);
    search.clear();
    submit.clear();
  }

  return { ...selection, step, setStep, found, searched, result, find, choose, confirm, reset, search, submit };
}

export type Counter = ReturnType<typeof useCounter>;

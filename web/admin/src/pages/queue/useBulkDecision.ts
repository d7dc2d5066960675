import { useState } from 'react';
import { api, problemText } from '../../api.js';
import { useT } from '../../i18n.js';
import type { BulkOutcome, ReturnSummary } from '../../types.js';
import { QUEUE_TEXTS } from './queueTexts.js';

/** The returns ticked for a decision together, the reason given, and what the last decision did. */
export function useBulkDecision(items: ReturnSummary[], reload: () => Promise<unknown>) {
  const t = useT(QUEUE_TEXTS);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [reason, setReason] = useState('');
  const [result, setResult] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function decide(action: 'approve' | 'reject') {
    setBusy(true);
    setError(null);
    setResult(null);
    try {
      const res = await api<BulkOutcome>('POST', '/returns/bulk', { action, returnIds: [...selected], reason: reason || null });
      const skipped = res.results.flatMap((r) =>
        r.ok ? [] : [`${items.find((i) => i.id === r.returnId)?.number}: ${r.message}`],
      );
      setResult(
        `${res.decided} ${t.bulkDone}, ${res.skipped} ${t.bulkSkipped}${skipped.length ? ` — ${skipped.join('; ')}` : ''}`,
      );
      setSelected(new Set());
      setReason('');
      await reload();
    } catch (err) {
      setError(problemText(err));
    } finally {
      setBusy(false);
    }
  }
  return { selected, setSelected, reason, setReason, result, error, busy, decide };
}

export type BulkDecision = ReturnType<typeof useBulkDecision>;

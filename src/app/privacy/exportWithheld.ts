/** A row as read (exportRecords.ts's ExportRow; declared here so neither file imports the other). */
type ExportRow = Record<string, unknown>;

/**
 * What an access request must not hand over: what staff wrote about somebody else. A block or
 * allow list entry found through an address or a card may be about a housemate or a partner who
 * shares the door or the card; its text (display and reason) and who wrote it stay out, only that
 * such an entry exists, its list, kind and dates are the person's. Entries on the customer itself,
 * their e-mail or phone are about them and go whole.
 */
export const SHARED_LIST_KINDS: readonly string[] = ['address', 'payment'];

/** A list entry as exported: whole when it is on the person's own keys, else list, kind and dates. */
export function exportedListEntry(row: ExportRow): ExportRow {
  if (!SHARED_LIST_KINDS.includes(String(row.kind))) return { ...row, reason_withheld: false };
  return {
    id: row.id,
    list: row.list,
    kind: row.kind,
    created_at: row.created_at,
    until: row.until,
    removed_at: row.removed_at,
    reason: null,
    reason_withheld: true,
  };
}

/** The reasons of the entries exported whole: a risk signal may quote those. */
export const ownReasons = (entries: readonly ExportRow[]): Set<string> =>
  new Set(entries.filter((e) => e.reason_withheld === false && typeof e.reason === 'string').map((e) => String(e.reason)));

type Json = unknown;

/** A risk signal with what it copied of somebody else taken out: a block list match's reason
 * unless it is one of the person's own entries (score.ts copies the first match's reason, which
 * may be a shared address's), and the id of the linked customer with the highest score. */
function withheldSignal(signal: Record<string, Json>, own: Set<string>): Record<string, Json> {
  const detail = signal.detail as Record<string, Json> | undefined;
  if (!detail || typeof detail !== 'object') return signal;
  if (signal.code === 'BLOCK_LISTED' && typeof detail.reason === 'string' && detail.reason !== '' && !own.has(detail.reason)) {
    return { ...signal, detail: { ...detail, reason: '' } };
  }
  if (signal.code === 'LINKED_ACCOUNTS' && typeof detail.topCustomerId === 'string' && detail.topCustomerId !== '') {
    return { ...signal, detail: { ...detail, topCustomerId: '' } };
  }
  return signal;
}

/** Every risk signal anywhere in a value (a row's signals column, an event's data), withheld as
 * withheldSignal says; the rest as it was. */
export function withholdInSignals(value: Json, own: Set<string>): Json {
  if (Array.isArray(value)) return value.map((v) => withholdInSignals(v, own));
  if (value === null || typeof value !== 'object' || value instanceof Date || value instanceof Uint8Array) return value;
  const obj = value as Record<string, Json>;
  const walked = Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, withholdInSignals(v, own)]));
  return typeof walked.code === 'string' && 'detail' in walked ? withheldSignal(walked, own) : walked;
}

/** The columns that hold risk signals, by the rows that have them. */
const SIGNAL_COLUMNS = ['risk_signals', 'signals', 'data'] as const;

/** A JSON column a driver handed over as text, parsed; anything else as it is. */
function parsed(value: Json): Json {
  if (typeof value !== 'string' || !/^\s*[[{]/.test(value)) return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

/** Rows with their risk signals withheld as withholdInSignals says. */
export function withholdInRows(rows: readonly ExportRow[], own: Set<string>): ExportRow[] {
  return rows.map((row) => {
    const out = { ...row };
    for (const column of SIGNAL_COLUMNS) if (column in out) out[column] = withholdInSignals(parsed(out[column]), own);
    return out;
  });
}

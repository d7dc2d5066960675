/** Reading PostNL's JSON without trusting its shape: a missing or odd field gives null or an empty
 * list, never a TypeError, and the caller says what it cannot do without. */

export type Obj = Record<string, unknown>;

export const obj = (v: unknown): Obj | null => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : null);

/** PostNL answers one element as an object and several as a list; both read as a list. */
export const list = (v: unknown): Obj[] =>
  (Array.isArray(v) ? v : v === undefined || v === null ? [] : [v]).map(obj).filter((x): x is Obj => x !== null);

export const str = (v: unknown): string | null =>
  typeof v === 'string' && v.trim() ? v.trim() : typeof v === 'number' ? String(v) : null;

export const num = (v: unknown): number | null =>
  v === null || v === undefined || v === '' || !Number.isFinite(Number(v)) ? null : Number(v);

/** SQL text for the large demo shop's seeded draws. The shop is made by `insert … select` over
 * `generate_series`, so every draw is a pure function of a row's number and a salt: the same seed
 * makes the same shop whatever order PostgreSQL reads the rows in, and no row waits on another. */

/** Salts keep draws of one row apart; one per use, below SALTS. */
const SALTS = 64;

/** A float in [0, 1) drawn for row `n` (an SQL bigint expression) and `salt`, from PostgreSQL's
 * own integer hash (`hashint8`, in PostgreSQL and PGlite alike). float8 throughout: numeric
 * arithmetic over millions of rows would cost seconds. */
export function draw(n: string, salt: number, seed: number): string {
  if (!Number.isInteger(salt) || salt < 0 || salt >= SALTS) throw new Error(`draw: salt ${salt} out of range`);
  // The seed moves every row's input far beyond the row numbers of any shop.
  const offset = BigInt(seed % 1_000_000) * 2n ** 40n + BigInt(salt);
  return `((hashint8((${n})::bigint * ${SALTS} + ${offset})::float8 + 2147483648) / 4294967296)`;
}

/** One of `entries` by weight, for a draw `u` in [0, 1) (an SQL expression used once per
 * threshold, so pass a column, not a fresh draw). Values are SQL literals or expressions. */
export function pick(u: string, entries: readonly (readonly [string, number])[]): string {
  const total = entries.reduce((s, [, w]) => s + w, 0);
  if (entries.length === 0 || total <= 0) throw new Error('pick: nothing to pick from');
  let at = 0;
  const whens = entries.slice(0, -1).map(([value, weight]) => {
    at += weight / total;
    return `when ${u} < ${at.toFixed(6)} then ${value}`;
  });
  return `(case ${whens.join(' ')} else ${entries[entries.length - 1]![0]} end)`;
}

/** A text literal, quotes doubled. */
export const literal = (text: string): string => `'${text.replaceAll("'", "''")}'`;

/** An id as long as the app's (`prefix_` and 26 characters) that sorts by time as the app's do (a
 * return's timeline is read in id order): the time in ms as twelve hex digits, then the row's
 * number as fourteen, which keeps ids unique. Hex rather than the app's Crockford base 32: a
 * handful of string functions per id instead of a dozen, over millions of ids. Hex digits are
 * Crockford characters, so the ids read like the app's. `at` is a timestamptz expression. */
export function idAt(prefix: string, at: string, n: string): string {
  // date_part is float8; extract would be numeric, several times slower.
  return `('${prefix}_' || lpad(to_hex((date_part('epoch', ${at}) * 1000)::bigint), 12, '0') || lpad(to_hex(${n}), 14, '0'))`;
}

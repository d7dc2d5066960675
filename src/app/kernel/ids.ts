import { randomFillSync } from 'node:crypto';

const CROCKFORD = '0123456789abcdefghjkmnpqrstvwxyz';
/** Every 10-bit value as its two Crockford characters: an id is written two characters at a time. */
const PAIRS = Array.from({ length: 1024 }, (_, i) => `${CROCKFORD[i >> 5]}${CROCKFORD[i & 31]}`);
const TWO_30 = 2 ** 30;
const TWO_32 = 2 ** 32;
const TWO_40 = 2 ** 40;

/** A whole number below 2^40 as eight Crockford characters, most significant first. */
function encodeForty(n: number): string {
  const top = Math.floor(n / TWO_30);
  const rest = n - top * TWO_30;
  return PAIRS[top]! + PAIRS[(rest >>> 20) & 1023]! + PAIRS[(rest >>> 10) & 1023]! + PAIRS[rest & 1023]!;
}

/** Milliseconds as ten Crockford characters (50 bits, of which the clock uses 48). */
function encodeTime(ms: number): string {
  const top = Math.floor(ms / TWO_40);
  return PAIRS[top & 1023]! + encodeForty(ms - top * TWO_40);
}

/** Random bytes are drawn a few kilobytes at a time: asking the system for ten bytes per id costs
 * more than the rest of making it, and a burst of webhooks or a backfill makes thousands a second. */
const pool = Buffer.alloc(4096);
let poolAt = pool.length;

let lastMs = -1;
let lastTime = '';
/** The 80 random bits of the last id, as two 40-bit halves (exact in a double). */
let high = 0;
let low = 0;

/** A prefixed, time-sortable id (`ret_01j…`): 48 bits of milliseconds then 80 random bits in
 * Crockford base32, like a ULID. Within one millisecond the random part counts up, so ids made
 * by one process sort in creation order. Nothing is allocated but the id: a seed or a backfill
 * makes tens of thousands. */
export function newId(prefix: string, now: number = Date.now()): string {
  if (now === lastMs) {
    // The 80 bits count up by one, wrapping around to zero after the largest.
    low++;
    if (low === TWO_40) {
      low = 0;
      high = high + 1 === TWO_40 ? 0 : high + 1;
    }
  } else {
    if (poolAt + 10 > pool.length) {
      randomFillSync(pool);
      poolAt = 0;
    }
    high = pool[poolAt]! * TWO_32 + pool.readUInt32BE(poolAt + 1);
    low = pool[poolAt + 5]! * TWO_32 + pool.readUInt32BE(poolAt + 6);
    poolAt += 10;
    lastMs = now;
    lastTime = encodeTime(now);
  }
  return `${prefix}_${lastTime}${encodeForty(high)}${encodeForty(low)}`;
}

import { randomFillSync } from 'node:crypto';

const CROCKFORD = '0123456789abcdefghjkmnpqrstvwxyz';

function encodeTime(ms: number): string {
  let out = '';
  let rest = ms;
  for (let i = 0; i < 10; i++) {
    out = CROCKFORD[rest % 32] + out;
    rest = Math.floor(rest / 32);
  }
  return out;
}

/** Random bytes are drawn a few kilobytes at a time: asking the system for ten bytes per id costs
 * more than the rest of making it, and a burst of webhooks or a backfill makes thousands a second. */
const pool = Buffer.alloc(4096);
let poolAt = pool.length;

function randomTen(): Buffer {
  if (poolAt + 10 > pool.length) {
    randomFillSync(pool);
    poolAt = 0;
  }
  const bytes = Buffer.from(pool.subarray(poolAt, poolAt + 10));
  poolAt += 10;
  return bytes;
}

/** Five bytes (40 bits, exact in a double) as eight Crockford characters, most significant first. */
function encodeForty(bytes: Buffer, at: number): string {
  let rest = (bytes[at] ?? 0) * 2 ** 32 + bytes.readUInt32BE(at + 1);
  let out = '';
  for (let i = 0; i < 8; i++) {
    out = CROCKFORD[rest % 32] + out;
    rest = Math.floor(rest / 32);
  }
  return out;
}

let lastMs = -1;
let lastRandom: Buffer = Buffer.alloc(10);

/** A prefixed, time-sortable id (`ret_01j…`): 48 bits of milliseconds then 80 random bits in
 * Crockford base32, like a ULID. Within one millisecond the random part counts up, so ids made
 * by one process sort in creation order. */
export function newId(prefix: string, now: number = Date.now()): string {
  let random: Buffer;
  if (now === lastMs) {
    random = Buffer.from(lastRandom);
    for (let i = random.length - 1; i >= 0; i--) {
      const next = ((random[i] ?? 0) + 1) & 0xff;
      random[i] = next;
      if (next !== 0) break;
    }
  } else {
    random = randomTen();
    lastMs = now;
  }
  lastRandom = random;
  return `${prefix}_${encodeTime(now)}${encodeForty(random, 0)}${encodeForty(random, 5)}`;
}

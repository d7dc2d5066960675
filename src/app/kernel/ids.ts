import { randomBytes } from 'node:crypto';

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
    random = randomBytes(10);
    lastMs = now;
  }
  lastRandom = random;
  let bits = 0n;
  for (const byte of random) bits = (bits << 8n) | BigInt(byte);
  let tail = '';
  for (let i = 0; i < 16; i++) {
    tail = CROCKFORD[Number(bits & 31n)] + tail;
    bits >>= 5n;
  }
  return `${prefix}_${encodeTime(now)}${tail}`;
}

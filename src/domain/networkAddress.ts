/**
 * Which network addresses an outgoing call of Retour may reach. Staff give URLs the server calls
 * later (webhook endpoints, carrier, shop and payment API addresses); one that points into the
 * server's own network (a database, a cloud's metadata service at 169.254.169.254, an admin port on
 * loopback) would let a back-office account reach what only the server can (SSRF). Such addresses are
 * refused unless the installation allows them (RETOUR_ALLOW_PRIVATE_URLS).
 */

/** An address as 16 bytes (IPv4 as its IPv4-mapped IPv6 form), or null when `text` is none. */
export function parseIpAddress(text: string): Uint8Array | null {
  const bare = text.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  const v4 = parseIPv4(bare);
  if (v4) return mapped(v4);
  return parseIPv6(bare);
}

function parseIPv4(text: string): number[] | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  const bytes = parts.map((p) => (/^\d{1,3}$/.test(p) ? Number(p) : Number.NaN));
  return bytes.every((b) => b >= 0 && b <= 255) ? bytes : null;
}

function mapped(v4: number[]): Uint8Array {
  return Uint8Array.from([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, ...v4]);
}

function parseIPv6(text: string): Uint8Array | null {
  if (!text.includes(':') || (text.match(/::/g)?.length ?? 0) > 1) return null;
  let tail: number[] = [];
  let body = text;
  // A dotted IPv4 tail (::ffff:10.0.0.1) stands for the last two groups.
  const dotted = /(?:^|:)(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted?.[1]) {
    const v4 = parseIPv4(dotted[1]);
    if (!v4) return null;
    tail = [(v4[0] ?? 0) * 256 + (v4[1] ?? 0), (v4[2] ?? 0) * 256 + (v4[3] ?? 0)];
    body = text.slice(0, text.length - dotted[1].length);
    if (body.endsWith(':') && !body.endsWith('::')) body = body.slice(0, -1);
  }
  const groups = (s: string) => (s === '' ? [] : s.split(':'));
  const [head, rest] = body.includes('::') ? body.split('::') : [body, undefined];
  const front = groups(head ?? '');
  const back = rest === undefined ? [] : groups(rest);
  const given = front.length + back.length + tail.length;
  if (rest === undefined ? given !== 8 : given > 7) return null;
  const words: number[] = [];
  for (const g of [...front, ...Array(8 - given).fill('0'), ...back]) {
    if (!/^[0-9a-f]{1,4}$/i.test(g)) return null;
    words.push(Number.parseInt(g, 16));
  }
  words.push(...tail);
  return Uint8Array.from(words.flatMap((w) => [w >> 8, w & 0xff]));
}

/** A range of addresses, as a CIDR over the 16-byte form. */
interface Range {
  name: string;
  base: Uint8Array;
  bits: number;
}

function range(name: string, cidr: string): Range {
  const parsed = parseCidr(cidr);
  if (!parsed) throw new Error(`bad range ${cidr}`);
  return { name, ...parsed };
}

/** `10.0.0.0/8`, `fc00::/7` or a single address, over the 16-byte form; null when unreadable. */
export function parseCidr(text: string): { base: Uint8Array; bits: number } | null {
  const [addr, prefix] = text.trim().split('/');
  const base = parseIpAddress(addr ?? '');
  if (!base) return null;
  const v4 = parseIPv4((addr ?? '').trim()) !== null;
  const max = v4 ? 32 : 128;
  const bits = prefix === undefined ? max : /^\d{1,3}$/.test(prefix) ? Number(prefix) : Number.NaN;
  if (!(bits >= 0 && bits <= max)) return null;
  return { base, bits: v4 ? bits + 96 : bits };
}

function inRange(address: Uint8Array, r: { base: Uint8Array; bits: number }): boolean {
  for (let bit = 0; bit < r.bits; bit += 8) {
    const i = bit / 8;
    const take = Math.min(8, r.bits - bit);
    const mask = (0xff << (8 - take)) & 0xff;
    if (((address[i] ?? 0) & mask) !== ((r.base[i] ?? 0) & mask)) return false;
  }
  return true;
}

/** Every range an outgoing call must not reach without an allowance. */
const PRIVATE_RANGES: Range[] = [
  range('unspecified', '0.0.0.0/8'),
  range('private', '10.0.0.0/8'),
  range('shared address space', '100.64.0.0/10'),
  range('loopback', '127.0.0.0/8'),
  range('link-local (cloud metadata)', '169.254.0.0/16'),
  range('private', '172.16.0.0/12'),
  range('IETF protocol assignments', '192.0.0.0/24'),
  range('private', '192.168.0.0/16'),
  range('benchmarking', '198.18.0.0/15'),
  range('multicast', '224.0.0.0/4'),
  range('reserved', '240.0.0.0/4'),
  range('unspecified', '::/128'),
  range('loopback', '::1/128'),
  range('IPv4-compatible', '::/96'),
  // Local-use NAT64 prefixes (RFC 8215) are a network's own; where they carry the IPv4 varies.
  range('local-use NAT64', '64:ff9b:1::/48'),
  range('unique local', 'fc00::/7'),
  range('link-local', 'fe80::/10'),
  range('site-local', 'fec0::/10'),
  range('multicast', 'ff00::/8'),
];

/** IPv6 forms whose packets end up at an IPv4 address they carry, and the addresses they carry:
 * NAT64 (RFC 6052) in its last 32 bits, 6to4 in the 32 after its prefix, Teredo its server in
 * the 32 after its prefix and its client, inverted, in the last 32. */
const CARRIERS: { name: string; range: Range; carried: (b: Uint8Array) => number[][] }[] = [
  { name: 'NAT64', range: range('NAT64', '64:ff9b::/96'), carried: (b) => [[...b.slice(12, 16)]] },
  { name: '6to4', range: range('6to4', '2002::/16'), carried: (b) => [[...b.slice(2, 6)]] },
  {
    name: 'Teredo',
    range: range('Teredo', '2001::/32'),
    carried: (b) => [[...b.slice(4, 8)], [...b.slice(12, 16)].map((x) => x ^ 0xff)],
  },
];

/** The IPv4 addresses (in 16-byte form) an IPv6 address carries and is delivered to. */
function carriedAddresses(bytes: Uint8Array): { via: string; bytes: Uint8Array }[] {
  const carrier = CARRIERS.find((c) => inRange(bytes, c.range));
  return carrier ? carrier.carried(bytes).map((v4) => ({ via: carrier.name, bytes: mapped(v4) })) : [];
}

/** Why an address is not a public one (`loopback`, `private` …), or null for a public address. An
 * IPv4-mapped IPv6 address (::ffff:127.0.0.1) is judged as the IPv4 address it carries, and so are
 * NAT64, 6to4 and Teredo ones (64:ff9b::7f00:1 reaches 127.0.0.1 through a NAT64 gateway). */
export function privateAddressKind(address: string): string | null {
  const bytes = parseIpAddress(address);
  if (!bytes) return 'not an address';
  for (const carried of carriedAddresses(bytes)) {
    const kind = rangeKind(carried.bytes);
    if (kind) return `${kind} (carried in ${carried.via})`;
  }
  return rangeKind(bytes);
}

/** The private range holding an address, by its own bytes alone. */
const rangeKind = (bytes: Uint8Array) => PRIVATE_RANGES.find((r) => inRange(bytes, r))?.name ?? null;

/** What RETOUR_ALLOW_PRIVATE_URLS lets through: everything, or these host names and ranges. */
export type PrivateAllowance = { all: true } | { all: false; hosts: string[]; ranges: { base: Uint8Array; bits: number }[] };

/** Reads RETOUR_ALLOW_PRIVATE_URLS: empty is nothing, `*` or `true` everything, else a comma list of
 * host names (`erp.internal`) and addresses or ranges (`10.1.2.3`, `10.0.0.0/8`, `fd00::/8`).
 * Throws on an entry that is neither, so a typo does not pass unnoticed. */
export function parseAllowance(raw: string | undefined): PrivateAllowance {
  const text = (raw ?? '').trim();
  if (text === '*' || text.toLowerCase() === 'true') return { all: true };
  const hosts: string[] = [];
  const ranges: { base: Uint8Array; bits: number }[] = [];
  for (const entry of text
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean)) {
    const cidr = parseCidr(entry);
    if (cidr) ranges.push(cidr);
    else if (/^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$/i.test(entry) && !entry.includes('/')) hosts.push(entry.toLowerCase());
    else throw new Error(`RETOUR_ALLOW_PRIVATE_URLS: "${entry}" is neither a host name, an address nor a range`);
  }
  return { all: false, hosts, ranges };
}

/** Whether `address`, reached for `host`, may be called: a public address always; a private one
 * only when the allowance names the host or a range holding the address. */
export function addressAllowed(allowance: PrivateAllowance, host: string, address: string): boolean {
  if (privateAddressKind(address) === null) return true;
  if (allowance.all) return true;
  if (allowance.hosts.includes(host.replace(/^\[|\]$/g, '').toLowerCase())) return true;
  const bytes = parseIpAddress(address);
  if (bytes === null) return false;
  // An allowed range allows it through the forms that carry it too.
  const reached = [bytes, ...carriedAddresses(bytes).map((c) => c.bytes)];
  return reached.every((b) => rangeKind(b) === null || allowance.ranges.some((r) => inRange(b, r)));
}

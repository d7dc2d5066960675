import type { DemoRandom } from '../random.js';
import { HONEST_HOUSEHOLD, LABEL_SHARES, RING_SIZE } from './assumptions.js';
import { SHOPPER_LABELS, type ShopAddress, type ShopperLabel, type SyntheticShopper } from './types.js';

const FIRST = [
  'Sanne',
  'Daan',
  'Emma',
  'Lucas',
  'Julia',
  'Sem',
  'Tess',
  'Finn',
  'Noor',
  'Milan',
  'Lotte',
  'Levi',
  'Eva',
  'Jesse',
];
const LAST = [
  'de Vries',
  'Jansen',
  'Bakker',
  'Visser',
  'Smit',
  'Meijer',
  'de Boer',
  'Mulder',
  'Bos',
  'Vos',
  'Peters',
  'Hendriks',
];
const STREETS = [
  'Kerkstraat',
  'Dorpsstraat',
  'Stationsweg',
  'Molenweg',
  'Schoolstraat',
  'Julianalaan',
  'Beatrixstraat',
  'Nieuwstraat',
];
const CITIES: readonly (readonly [string, string])[] = [
  ['Amsterdam', '10'],
  ['Rotterdam', '30'],
  ['Utrecht', '35'],
  ['Den Haag', '25'],
  ['Eindhoven', '56'],
  ['Groningen', '97'],
];
const LETTERS = 'ABCDEFGHJKLMNPRSTVWXZ';

function hex(random: DemoRandom, length: number): string {
  let out = '';
  while (out.length < length) out += Math.floor(random.next() * 16).toString(16);
  return out;
}

function address(random: DemoRandom, index: number): ShopAddress {
  const [city, area] = random.pick(CITIES);
  // The index makes every door different: the postcode's digits and letters, and the house number.
  const postcode = `${area}${String(10 + (index % 90)).padStart(2, '0')} ${LETTERS[index % 21]}${LETTERS[Math.floor(index / 21) % 21]}`;
  return { line1: `${random.pick(STREETS)} ${1 + (index % 180)}`, postcode, city, country: 'NL' };
}

/** The labels of `count` shoppers in their shares, in a random order. */
function labels(random: DemoRandom, count: number): ShopperLabel[] {
  const out: ShopperLabel[] = [];
  for (const label of SHOPPER_LABELS) {
    if (label === 'honest') continue;
    const n = Math.round(count * LABEL_SHARES[label]);
    for (let i = 0; i < n; i++) out.push(label);
  }
  while (out.length < count) out.push('honest');
  return random.shuffle(out.slice(0, count));
}

/** Shoppers with their own e-mail, phone, address, card, device and home IP; ring members then
 * share some of these within their ring, and some honest shoppers share a household. */
export function makeShoppers(random: DemoRandom, count: number): SyntheticShopper[] {
  const shoppers = labels(random, count).map((label, i): SyntheticShopper => {
    const firstName = random.pick(FIRST);
    const lastName = random.pick(LAST);
    return {
      email: `${firstName.toLowerCase()}.${lastName.toLowerCase().replaceAll(' ', '')}.${i}@example.nl`,
      label,
      firstName,
      lastName,
      phone: `+31 6 ${String(10_000_000 + i * 7919).slice(-8)}`,
      address: address(random, i),
      payment: `card_${hex(random, 24)}`,
      device: hex(random, 32),
      ip: `100.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`,
      group: null,
    };
  });
  shareInRings(
    random,
    shoppers.filter((s) => s.label === 'ring_member'),
  );
  shareHouseholds(
    random,
    shoppers.filter((s) => s.label === 'honest'),
  );
  return shoppers;
}

/** Rings of 3–6 accounts run by one person: each ring shares one to three of its members' first
 * address, phone, card or device (a ring of one leftover account joins the last ring). */
function shareInRings(random: DemoRandom, members: SyntheticShopper[]): void {
  let start = 0;
  let ring = 0;
  while (start < members.length) {
    let size = random.int(RING_SIZE[0], RING_SIZE[1]);
    if (members.length - start - size < RING_SIZE[0]) size = members.length - start;
    const group = members.slice(start, start + size);
    const first = group[0] as SyntheticShopper;
    const shared = random.shuffle(['address', 'phone', 'payment', 'device'] as const).slice(0, random.int(1, 3));
    for (const m of group) {
      m.group = `ring-${ring}`;
      if (shared.includes('address')) m.address = { ...first.address };
      if (shared.includes('phone')) m.phone = first.phone;
      if (shared.includes('payment')) m.payment = first.payment;
      if (shared.includes('device')) m.device = first.device;
    }
    start += size;
    ring++;
  }
}

/** Pairs of honest shoppers at one address with one home connection (partners, flatmates). */
function shareHouseholds(random: DemoRandom, honest: SyntheticShopper[]): void {
  const pairs = Math.floor((honest.length * HONEST_HOUSEHOLD) / 2);
  const picked = random.shuffle(honest).slice(0, pairs * 2);
  for (let i = 0; i + 1 < picked.length; i += 2) {
    const [a, b] = [picked[i] as SyntheticShopper, picked[i + 1] as SyntheticShopper];
    b.address = { ...a.address };
    b.ip = a.ip;
    a.group = `home-${i / 2}`;
    b.group = a.group;
  }
}

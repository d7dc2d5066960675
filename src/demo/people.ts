import type { DemoRandom } from './random.js';

/** The countries the demo shop sells to, with their VAT rate in basis points (standard rate). */
export const COUNTRIES = ['NL', 'BE', 'DE', 'FR'] as const;
export type Country = (typeof COUNTRIES)[number];
export const TAX_RATE_BP: Record<Country, number> = { NL: 2100, BE: 2100, DE: 1900, FR: 2000 };

type Postcode = (r: DemoRandom) => string;

// NL postcodes are four digits (no leading zero) and two letters; F, I, O, Q, U and Y are not
// used and SA, SD and SS are skipped for their connotations.
const NL_LETTERS = 'ABCDEGHJKLMNPRSTVWXZ';
const nl =
  (from: number, to: number): Postcode =>
  (r) => {
    let letters = 'SS';
    while (letters === 'SA' || letters === 'SD' || letters === 'SS') letters = r.pick([...NL_LETTERS]) + r.pick([...NL_LETTERS]);
    return `${r.int(from, to)} ${letters}`;
  };
/** BE (4 digits), DE and FR (5 digits, leading zeros kept: Dresden is 01067). */
const digits =
  (from: number, to: number, width: number): Postcode =>
  (r) =>
    String(r.int(from, to)).padStart(width, '0');
const be = (from: number, to: number) => digits(from, to, 4);
const five = (from: number, to: number) => digits(from, to, 5);

interface Region {
  country: Country;
  locale: string;
  /** Share of customers. */
  weight: number;
  first: string[];
  last: string[];
  cities: [string, Postcode][];
  streets: string[];
  /** French addresses put the house number first ("12 rue Pasteur"). */
  numberFirst?: boolean;
}

const names = (csv: string) => csv.split(',');

/** Plausible names, streets and postcodes per language region; Belgium is split by language. */
const REGIONS: Region[] = [
  {
    country: 'NL',
    locale: 'nl',
    weight: 55,
    first: names('Sanne,Daan,Emma,Lucas,Julia,Sem,Tess,Milan,Fleur,Bram,Lotte,Thijs,Anouk,Ruben,Noor,Jesse,Sophie,Finn,Eva,Lars'),
    last: names(
      'de Vries,Jansen,van den Berg,Bakker,Visser,Smit,Meijer,de Boer,Mulder,de Groot,Bos,Vos,Peters,Hendriks,van Leeuwen,Dekker,Brouwer,de Wit,Dijkstra,van Dijk',
    ),
    cities: [
      ['Amsterdam', nl(1011, 1109)],
      ['Rotterdam', nl(3011, 3089)],
      ['Den Haag', nl(2491, 2597)],
      ['Utrecht', nl(3511, 3585)],
      ['Eindhoven', nl(5611, 5658)],
      ['Groningen', nl(9711, 9747)],
      ['Haarlem', nl(2011, 2037)],
      ['Nijmegen', nl(6511, 6546)],
      ['Zwolle', nl(8011, 8047)],
      ['Maastricht', nl(6211, 6229)],
    ],
    streets: names(
      'Kerkstraat,Dorpsstraat,Stationsweg,Molenweg,Lindenlaan,Schoolstraat,Julianalaan,Nieuwstraat,Parkweg,Marktstraat',
    ),
  },
  {
    country: 'BE',
    locale: 'nl',
    weight: 12,
    first: names('Lotte,Arthur,Louise,Noah,Marie,Jules,Elise,Victor,Wout,Ella,Lander,Fien,Seppe,Hanne,Robbe,Nore'),
    last: names('Peeters,Janssens,Maes,Jacobs,Mertens,Willems,Claes,Goossens,Wouters,De Smet,Verstraete,Van Damme,Hermans'),
    cities: [
      ['Antwerpen', be(2000, 2060)],
      ['Gent', be(9000, 9052)],
      ['Leuven', be(3000, 3012)],
      ['Brugge', be(8000, 8310)],
      ['Mechelen', be(2800, 2812)],
      ['Hasselt', be(3500, 3512)],
    ],
    streets: names('Kerkstraat,Stationsstraat,Dorpsstraat,Molenstraat,Kapelstraat,Veldstraat,Beekstraat'),
  },
  {
    country: 'BE',
    locale: 'fr',
    weight: 8,
    first: names('Camille,Louis,Manon,Hugo,Léa,Nathan,Chloé,Théo,Juliette,Maxime,Zoé,Inès,Alice'),
    last: names('Dubois,Lambert,Dupont,Martin,Simon,Laurent,Lejeune,Renard,Collard,Gilson,François,Mathieu'),
    cities: [
      ['Bruxelles', be(1000, 1210)],
      ['Liège', be(4000, 4032)],
      ['Namur', be(5000, 5101)],
      ['Charleroi', be(6000, 6061)],
      ['Mons', be(7000, 7034)],
    ],
    streets: names("Rue de la Station,Rue de l'Église,Rue Neuve,Avenue Louise,Rue du Moulin,Chaussée de Bruxelles"),
  },
  {
    country: 'DE',
    locale: 'de',
    weight: 15,
    first: names('Lena,Jonas,Mia,Leon,Hannah,Finn,Emilia,Paul,Lea,Felix,Sophie,Lukas,Anna,Maximilian,Elias,Clara'),
    last: names('Müller,Schmidt,Schneider,Fischer,Weber,Meyer,Wagner,Becker,Schulz,Hoffmann,Koch,Richter,Klein,Schröder,Krüger'),
    cities: [
      ['Berlin', five(10115, 14199)],
      ['Hamburg', five(20095, 22769)],
      ['München', five(80331, 81929)],
      ['Köln', five(50667, 51149)],
      ['Düsseldorf', five(40210, 40629)],
      ['Frankfurt am Main', five(60306, 60599)],
      ['Dresden', five(1067, 1328)],
      ['Leipzig', five(4103, 4357)],
    ],
    streets: names('Hauptstraße,Bahnhofstraße,Gartenstraße,Schillerstraße,Lindenstraße,Goethestraße,Kirchstraße,Bergstraße'),
  },
  {
    country: 'FR',
    locale: 'fr',
    weight: 10,
    first: names('Léa,Hugo,Chloé,Louis,Manon,Gabriel,Inès,Raphaël,Jade,Arthur,Zoé,Nathan,Louise,Jules,Emma,Paul'),
    last: names('Martin,Bernard,Dubois,Thomas,Robert,Richard,Petit,Durand,Leroy,Moreau,Lefebvre,Michel,Garcia,Roux,Fournier'),
    cities: [
      ['Paris', five(75001, 75020)],
      ['Lyon', five(69001, 69009)],
      ['Marseille', five(13001, 13016)],
      ['Lille', five(59000, 59800)],
      ['Bordeaux', five(33000, 33800)],
      ['Nantes', five(44000, 44300)],
      ['Toulouse', five(31000, 31500)],
      ['Strasbourg', five(67000, 67200)],
    ],
    streets: names(
      'rue de la République,avenue Victor Hugo,rue du Moulin,boulevard Voltaire,rue de la Gare,rue Pasteur,rue Jean Jaurès',
    ),
    numberFirst: true,
  },
];

export interface DemoPerson {
  firstName: string;
  lastName: string;
  email: string;
  country: Country;
  locale: string;
  city: string;
  postcode: string;
  line1: string;
}

/** Lowercase ASCII for e-mail local parts ("Müller" → "muller", "van den Berg" → "vandenberg"). */
export function emailPart(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z]/g, '');
}

// Only domains reserved for examples (RFC 2606), so a demo that sends e-mail never reaches anyone.
const DOMAINS = ['example.com', 'example.net', 'example.org'];

/** A new person with an address in their own country and an e-mail address not in `taken`. */
export function makePerson(r: DemoRandom, taken: Set<string>, emailDomain?: string): DemoPerson {
  const region = r.weighted(REGIONS.map((g) => [g, g.weight] as const));
  const firstName = r.pick(region.first);
  const lastName = r.pick(region.last);
  const [city, postcode] = r.pick(region.cities);
  const street = r.pick(region.streets);
  const number = r.int(1, 180);
  const f = emailPart(firstName);
  const l = emailPart(lastName);
  const local = r.weighted([
    [`${f}.${l}`, 50],
    [`${f}${l}`, 20],
    [`${f[0]}.${l}`, 15],
    [`${f}_${l}${r.int(70, 99)}`, 15],
  ] as const);
  const domain = emailDomain ?? r.pick(DOMAINS);
  let email = `${local}@${domain}`;
  for (let n = 2; taken.has(email); n++) email = `${local}${n}@${domain}`;
  taken.add(email);
  return {
    firstName,
    lastName,
    email,
    country: region.country,
    locale: region.locale,
    city,
    postcode: postcode(r),
    line1: region.numberFirst ? `${number} ${street}` : `${street} ${number}`,
  };
}

import type { ProductKind } from './catalogue.js';

type Locale = 'en' | 'nl' | 'de' | 'fr';

/** The demo reason catalogue: nested, with labels in the portal's four languages. */
export interface DemoReason {
  code: string;
  parent: string | null;
  /** Whether the shop could have prevented it (drives the "controllable returns" figures). */
  controllable: boolean;
  requiresPhoto: boolean;
  /** The shopper reports a defect: after the return window the legal guarantee takes it. */
  defect: boolean;
  labels: Record<Locale, string>;
}

/** Labels in en|nl|de|fr order, separated by `|`. */
function reason(
  code: string,
  parent: string | null,
  controllable: boolean,
  labels: string,
  { requiresPhoto = false, defect = false } = {},
): DemoReason {
  const [en = code, nl = en, de = en, fr = en] = labels.split('|');
  return { code, parent, controllable, requiresPhoto, defect, labels: { en, nl, de, fr } };
}

// Parents come before their children: they are inserted in this order.
export const REASONS: DemoReason[] = [
  reason('fit', null, false, 'Fit|Pasvorm|Passform|Taille'),
  reason('too_small', 'fit', false, 'Too small|Te klein|Zu klein|Trop petit'),
  reason('too_large', 'fit', false, 'Too large|Te groot|Zu groß|Trop grand'),
  reason('quality', null, true, 'Quality|Kwaliteit|Qualität|Qualité'),
  reason('defective', 'quality', true, 'Defective|Defect|Defekt|Défectueux', { requiresPhoto: true, defect: true }),
  reason(
    'damaged_in_transit',
    'quality',
    true,
    'Damaged in transit|Beschadigd bij levering|Transportschaden|Endommagé pendant le transport',
    { requiresPhoto: true },
  ),
  reason(
    'not_as_described',
    null,
    true,
    'Not as described|Niet zoals beschreven|Nicht wie beschrieben|Non conforme à la description',
  ),
  reason('wrong_item', null, true, 'Wrong item sent|Verkeerd artikel ontvangen|Falscher Artikel|Mauvais article reçu'),
  reason('changed_mind', null, false, "Changed my mind|Bedacht|Nicht mehr gewünscht|J'ai changé d'avis"),
  reason('arrived_late', null, true, 'Arrived too late|Te laat geleverd|Zu spät geliefert|Arrivé trop tard'),
  reason('better_price', null, false, 'Found a better price|Elders goedkoper|Woanders günstiger|Trouvé moins cher ailleurs'),
];

/** Reasons shoppers give, by kind of product: size dominates fashion, defects electronics. */
export const REASON_WEIGHTS: Record<ProductKind, readonly (readonly [string, number])[]> = {
  fashion: [
    ['too_small', 30],
    ['too_large', 26],
    ['changed_mind', 14],
    ['not_as_described', 10],
    ['defective', 6],
    ['wrong_item', 4],
    ['damaged_in_transit', 3],
    ['arrived_late', 3],
    ['better_price', 4],
  ],
  electronics: [
    ['defective', 34],
    ['changed_mind', 18],
    ['better_price', 12],
    ['not_as_described', 12],
    ['damaged_in_transit', 10],
    ['wrong_item', 7],
    ['arrived_late', 7],
  ],
};

/** What a shopper might type beside a reason, in their own language (en|nl|de|fr). */
const COMMENTS: Record<string, string> = {
  too_small: 'Runs small, I need a size up|Valt klein, ik heb een maat groter nodig|Fällt klein aus|Taille petit',
  too_large: 'Too wide around the waist|Te ruim in de taille|Zu weit an der Taille|Trop large à la taille',
  defective:
    'Stopped working after two days|Werkt na twee dagen niet meer|Funktioniert nach zwei Tagen nicht mehr|Ne fonctionne plus après deux jours',
  damaged_in_transit: 'The box was crushed|De doos was ingedeukt|Der Karton war eingedrückt|Le carton était écrasé',
  not_as_described:
    'Colour differs from the photos|Kleur wijkt af van de foto|Farbe weicht vom Foto ab|La couleur ne correspond pas à la photo',
  changed_mind: 'Not quite my style|Toch niet mijn stijl|Doch nicht mein Stil|Finalement pas mon style',
};

export function commentFor(reasonCode: string, locale: string): string | null {
  const texts = COMMENTS[reasonCode]?.split('|');
  if (!texts) return null;
  const index = { en: 0, nl: 1, de: 2, fr: 3 }[locale] ?? 0;
  return texts[index] ?? texts[0] ?? null;
}

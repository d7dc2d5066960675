import type { MetricDefinition } from '../metricDefinition.js';

/** What the reasons dashboard's figures mean (docs/analytics.md, "Reasons"). */
export const REASONS_DEFINITIONS: MetricDefinition[] = [
  {
    key: 'reasons.byReason',
    title: { en: 'Units per reason', nl: 'Stuks per reden' },
    text: {
      en:
        'Units of the counted return lines (return not cancelled, line not rejected) requested in the period (request day, shop time zone), ' +
        'per reason the shopper gave. Share = the reason’s units ÷ all those units. Lines without a reason form their own row.',
      nl:
        'Stuks van de meetellende retourregels (retour niet geannuleerd, regel niet afgewezen) aangevraagd in de periode (aanvraagdag, ' +
        'tijdzone van de winkel), per opgegeven reden. Aandeel = stuks van de reden ÷ al die stuks. Regels zonder reden vormen een eigen rij.',
    },
  },
  {
    key: 'reasons.controllable',
    title: { en: 'Controllable or not', nl: 'Beïnvloedbaar of niet' },
    text: {
      en:
        'Controllable: units whose reason is marked as one the shop can act on (wrong size advice, damage, a description that misleads). ' +
        'Not controllable: reasons marked otherwise (changed mind). Unknown: lines without a reason. The mark is the reason’s when the line ' +
        'was last brought up to date.',
      nl:
        'Beïnvloedbaar: stuks met een reden die de winkel kan aanpakken (verkeerd maatadvies, schade, een misleidende omschrijving). ' +
        'Niet beïnvloedbaar: redenen die anders gemarkeerd zijn (bedacht). Onbekend: regels zonder reden. De markering is die van de reden ' +
        'toen de regel voor het laatst bijgewerkt werd.',
    },
  },
  {
    key: 'reasons.byGroup',
    title: { en: 'Reasons per product or category', nl: 'Redenen per product of categorie' },
    text: {
      en:
        'The same units per product or per category (the line’s own category; a category filter takes in its sub-categories), most ' +
        'returned first, each split by reason.',
      nl:
        'Dezelfde stuks per product of per categorie (de eigen categorie van de regel; een categoriefilter neemt de subcategorieën mee), ' +
        'meest geretourneerd eerst, elk verdeeld naar reden.',
    },
  },
  {
    key: 'reasons.words',
    title: { en: 'Most frequent words per reason', nl: 'Meest gebruikte woorden per reden' },
    text: {
      en:
        'Per reason, the number of lines with a comment, and the ten words used most in those comments (lower-cased, common words such ' +
        'as “the” or “het” left out), counted each time they occur.',
      nl:
        'Per reden het aantal regels met een opmerking, en de tien woorden die het vaakst in die opmerkingen staan (in kleine letters, ' +
        'veelvoorkomende woorden als “the” of “het” weggelaten), geteld zo vaak als ze voorkomen.',
    },
  },
];

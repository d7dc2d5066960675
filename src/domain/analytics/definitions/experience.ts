import type { MetricDefinition } from '../metricDefinition.js';

/** What the shopper-experience dashboard's figures mean (docs/analytics.md, "Shopper experience"). */
export const EXPERIENCE_DEFINITIONS: MetricDefinition[] = [
  {
    key: 'experience.ratings',
    title: { en: 'Ratings and comments', nl: 'Beoordelingen en opmerkingen' },
    text: {
      en:
        'The ratings (1–5) shoppers gave on a resolved return, counted on the day the rating was given (shop time zone) and kept ' +
        'when the return has a line within the other filters (channel, country, category, product, segment, warehouse, currency), ' +
        'whatever became of that line. Average = sum of ratings ÷ ratings; the trend counts and averages them per day, week or month. ' +
        'The 20 latest ratings with a comment are shown, newest first.',
      nl:
        'De beoordelingen (1–5) die klanten gaven op een afgehandelde retour, geteld op de dag van de beoordeling (tijdzone van de ' +
        'winkel) en meegenomen als de retour een regel binnen de andere filters heeft (kanaal, land, categorie, product, segment, ' +
        'magazijn, valuta), wat er ook van die regel werd. Gemiddelde = som van de beoordelingen ÷ aantal; de trend telt en middelt ' +
        'ze per dag, week of maand. De 20 laatste beoordelingen met een opmerking staan erbij, nieuwste eerst.',
    },
  },
  {
    key: 'experience.repurchase',
    title: { en: 'Re-purchase after a return', nl: 'Opnieuw kopen na een retour' },
    text: {
      en:
        'Of the customers with a counted return line (return not cancelled, line not rejected) requested in the period, each counted ' +
        'once from their first such return: the share who placed a new order at most 30 (or 90) days after that request. For returns ' +
        'of the last 30 (90) days the window is not over yet, so the share of a recent period can still rise.',
      nl:
        'Van de klanten met een meetellende retourregel (retour niet geannuleerd, regel niet afgewezen) aangevraagd in de periode, elk ' +
        'één keer geteld vanaf hun eerste zulke retour: het aandeel dat uiterlijk 30 (of 90) dagen na die aanvraag een nieuwe order ' +
        'plaatste. Voor retouren van de laatste 30 (90) dagen is die termijn nog niet om, dus het aandeel van een recente periode kan nog stijgen.',
    },
  },
  {
    key: 'experience.customerValue',
    title: { en: 'Net customer value after returns', nl: 'Netto klantwaarde na retouren' },
    text: {
      en:
        'For the same customers: everything they ever ordered in the filtered currency (gross) less what went back to them as money ' +
        '(refunds and store credit for returns), over their whole history, not only the period. Net per customer = (gross − returned) ' +
        '÷ customers, rounded to a whole minor unit.',
      nl:
        'Voor dezelfde klanten: alles wat ze ooit bestelden in de gekozen valuta (bruto) min wat als geld naar hen terugging ' +
        '(terugbetalingen en tegoed voor retouren), over hun hele geschiedenis, niet alleen de periode. Netto per klant = (bruto − ' +
        'geretourneerd) ÷ klanten, afgerond op een hele kleinste munteenheid.',
    },
  },
];

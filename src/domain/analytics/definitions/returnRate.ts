import type { MetricDefinition } from '../metricDefinition.js';

/** What the return-rate dashboard's figures mean (docs/analytics.md, "Return rate"). */
export const RETURN_RATE_DEFINITIONS: MetricDefinition[] = [
  {
    key: 'returnRate.units',
    title: { en: 'Return rate (units)', nl: 'Retourpercentage (stuks)' },
    text: {
      en:
        'Units returned ÷ units sold, for orders placed in the period (order day in the shop’s time zone). Units sold: every order line of ' +
        'those orders. Units returned: the counted return lines of those same orders (return not cancelled, line not rejected), whenever ' +
        'the return was requested, so a recent period still grows as returns come in. Only orders in the chosen currency count. A warehouse ' +
        'filter narrows the returns only (sales go to no warehouse). Empty when nothing was sold.',
      nl:
        'Geretourneerde stuks ÷ verkochte stuks, voor bestellingen geplaatst in de periode (besteldag in de tijdzone van de winkel). ' +
        'Verkocht: alle bestelregels van die bestellingen. Geretourneerd: de meetellende retourregels van diezelfde bestellingen (retour niet ' +
        'geannuleerd, regel niet afgewezen), wanneer de retour ook is aangevraagd, dus een recente periode groeit nog mee. Alleen bestellingen ' +
        'in de gekozen valuta tellen. Een magazijnfilter beperkt alleen de retouren (verkopen gaan naar geen magazijn). Leeg als er niets verkocht is.',
    },
  },
  {
    key: 'returnRate.value',
    title: { en: 'Return rate (value)', nl: 'Retourpercentage (waarde)' },
    text: {
      en:
        'Value returned ÷ value sold for the same orders and lines as the unit rate: what the shopper paid for the returned units against ' +
        'what was paid for every unit sold, in the chosen currency, never converted.',
      nl:
        'Geretourneerde waarde ÷ verkochte waarde voor dezelfde bestellingen en regels als het percentage in stuks: wat de klant betaalde ' +
        'voor de geretourneerde stuks tegenover wat voor alle verkochte stuks betaald is, in de gekozen valuta, nooit omgerekend.',
    },
  },
  {
    key: 'returnRate.trend',
    title: { en: 'Trend', nl: 'Verloop' },
    text: {
      en:
        'The same rates per day (periods up to 31 days), per week starting Monday (up to 182 days) or per calendar month, by order day. ' +
        'Every bucket of the period is shown, empty ones as no rate; the first and last may be partly outside the period, but only days ' +
        'inside it count.',
      nl:
        'Dezelfde percentages per dag (perioden tot 31 dagen), per week vanaf maandag (tot 182 dagen) of per kalendermaand, naar besteldag. ' +
        'Elke periode wordt getoond, lege zonder percentage; de eerste en laatste kunnen deels buiten de periode vallen, maar alleen dagen ' +
        'erbinnen tellen.',
    },
  },
];

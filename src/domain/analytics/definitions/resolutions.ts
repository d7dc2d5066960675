import type { MetricDefinition } from '../metricDefinition.js';

/** What the resolutions dashboard's figures mean (docs/analytics.md, "Resolutions"). */
export const RESOLUTIONS_DEFINITIONS: MetricDefinition[] = [
  {
    key: 'resolutions.byResolution',
    title: { en: 'Refund, store credit or exchange', nl: 'Terugbetaling, tegoed of ruil' },
    text: {
      en:
        'Counted return lines (return not cancelled, line not rejected) requested in the period, by how they were resolved: as granted, ' +
        'else as the shopper asked. A replacement counts as an exchange (goods sent instead of money); keeping the item without a refund ' +
        'and anything else count as other. Returns: how many returns have such a line (a return with lines resolved two ways counts in ' +
        'both). Share: units ÷ all units.',
      nl:
        'Meetellende retourregels (retour niet geannuleerd, regel niet afgewezen) aangevraagd in de periode, naar afhandeling: zoals ' +
        'toegekend, anders zoals gevraagd. Een vervanging telt als ruil (goederen in plaats van geld); het artikel houden en al het andere ' +
        'tellen als overig. Retouren: hoeveel retouren zo’n regel hebben (een retour met regels op twee manieren afgehandeld telt bij beide). ' +
        'Aandeel: stuks ÷ alle stuks.',
    },
  },
  {
    key: 'resolutions.revenueRetained',
    title: { en: 'Revenue retained', nl: 'Behouden omzet' },
    text: {
      en:
        'Value of the goods sent as exchanges + store credit from these returns that shoppers have spent since (the credit issued first ' +
        'is taken as spent first). Retained share = revenue retained ÷ value of the counted lines. Refunded and credit issued are the money ' +
        'and credit that went out for them.',
      nl:
        'Waarde van de als ruil verzonden goederen + tegoed uit deze retouren dat klanten sindsdien besteed hebben (het eerst uitgegeven ' +
        'tegoed geldt als eerst besteed). Behouden aandeel = behouden omzet ÷ waarde van de meetellende regels. Terugbetaald en uitgegeven ' +
        'tegoed zijn het geld en tegoed dat ervoor uitging.',
    },
  },
  {
    key: 'resolutions.bonusCost',
    title: { en: 'Bonus cost', nl: 'Kosten van bonussen' },
    text: {
      en: 'The extra credit or value given to shoppers for choosing store credit or an exchange instead of a refund, on these lines.',
      nl: 'Het extra tegoed of de extra waarde die klanten kregen omdat ze tegoed of ruil kozen in plaats van terugbetaling, op deze regels.',
    },
  },
  {
    key: 'resolutions.trend',
    title: { en: 'Trend', nl: 'Verloop' },
    text: {
      en: 'Units refunded, turned into store credit and exchanged per day, week (from Monday) or month of the request.',
      nl: 'Stuks terugbetaald, omgezet in tegoed en geruild per dag, week (vanaf maandag) of maand van de aanvraag.',
    },
  },
];

import type { MetricDefinition } from '../metricDefinition.js';

/** What the costs dashboard's figures mean (docs/analytics.md, "Cost per return"). */
export const COSTS_DEFINITIONS: MetricDefinition[] = [
  {
    key: 'costs.netLoss',
    title: { en: 'Net loss and cost per return', nl: 'Nettoverlies en kosten per retour' },
    text: {
      en:
        'Over the counted return lines (return not cancelled, line not rejected) requested in the period: refunded + store credit issued ' +
        '+ value of the goods sent as exchanges + carrier labels + handling − value recovered. Fees charged are not subtracted: refunds ' +
        'and credit are already paid net of them. Cost per return = net loss ÷ returns with such lines. Handling is rounded once for ' +
        'the period and shared over the trend’s buckets and the grades by largest remainder, so the parts add up to the totals.',
      nl:
        'Over de meetellende retourregels (retour niet geannuleerd, regel niet afgewezen) aangevraagd in de periode: terugbetaald + ' +
        'uitgegeven tegoed + waarde van de als ruil verzonden goederen + verzendlabels + afhandeling − teruggewonnen waarde. Aan de ' +
        'klant berekende kosten worden niet afgetrokken: terugbetalingen en tegoed zijn al zonder die kosten uitbetaald. Kosten per ' +
        'retour = nettoverlies ÷ retouren met zulke regels. Afhandeling wordt één keer voor de periode afgerond en met de grootste-' +
        'restmethode over de perioden van de trend en de kwaliteitsklassen verdeeld, zodat de delen optellen tot de totalen.',
    },
  },
  {
    key: 'costs.labels',
    title: { en: 'Carrier labels', nl: 'Verzendlabels' },
    text: {
      en: 'What the carriers charge for the return labels of these returns, shared over a return’s lines by their value.',
      nl: 'Wat de vervoerders rekenen voor de retourlabels van deze retouren, verdeeld over de regels van een retour naar hun waarde.',
    },
  },
  {
    key: 'costs.handling',
    title: { en: 'Handling', nl: 'Afhandeling' },
    text: {
      en:
        'Inspection time recorded on the lines, priced at the shop’s handling rate per hour (settings; 30.00 an hour unless set). Per ' +
        'grade: the inspected lines, the median time of those with a recorded time, and its cost. Lines without a recorded time add nothing.',
      nl:
        'De op de regels geregistreerde inspectietijd, geprijsd tegen het uurtarief voor afhandeling van de winkel (instellingen; 30,00 ' +
        'per uur tenzij ingesteld). Per kwaliteitsklasse: de geïnspecteerde regels, de mediane tijd van die met een geregistreerde tijd, ' +
        'en de kosten. Regels zonder geregistreerde tijd tellen niet mee.',
    },
  },
  {
    key: 'costs.fees',
    title: { en: 'Fees charged', nl: 'Berekende kosten' },
    text: {
      en:
        'What was charged to the shopper on these returns (return shipping fee, deductions), shared over a return’s lines by value. ' +
        'Already kept out of the refunds and credit, so shown on its own and not taken off the net loss again.',
      nl:
        'Wat de klant op deze retouren betaalde (retourverzendkosten, inhoudingen), verdeeld over de regels van een retour naar waarde. ' +
        'Al ingehouden op terugbetalingen en tegoed, dus apart getoond en niet nog eens van het nettoverlies afgetrokken.',
    },
  },
  {
    key: 'costs.recovered',
    title: { en: 'Value recovered by disposition', nl: 'Teruggewonnen waarde per bestemming' },
    text: {
      en:
        'Per disposition (restock, refurbish, sell on, scrap, …; lines not yet disposed of form their own row): units, their value as ' +
        'sold, and the value recovered as recorded at disposition.',
      nl:
        'Per bestemming (terug op voorraad, opknappen, doorverkopen, vernietigen, …; regels nog zonder bestemming vormen een eigen rij): ' +
        'stuks, hun verkoopwaarde en de bij de bestemming vastgelegde teruggewonnen waarde.',
    },
  },
];

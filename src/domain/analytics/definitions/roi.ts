import type { MetricDefinition } from '../metricDefinition.js';

/** What the ROI dashboard's figures mean (docs/analytics.md, "ROI of the returns programme"). */
export const ROI_DEFINITIONS: MetricDefinition[] = [
  {
    key: 'roi.revenueKept',
    title: { en: 'Revenue kept', nl: 'Behouden omzet' },
    text: {
      en:
        'Over the counted return lines (return not cancelled, line not rejected) requested in the period: the value of the goods sent as ' +
        'exchanges + the store credit from these returns that shoppers have spent since.',
      nl:
        'Over de meetellende retourregels (retour niet geannuleerd, regel niet afgewezen) aangevraagd in de periode: de waarde van de als ' +
        'ruil verzonden goederen + het tegoed uit deze retouren dat klanten sindsdien besteed hebben.',
    },
  },
  {
    key: 'roi.keepItem',
    title: { en: 'Saved by keep-the-item', nl: 'Bespaard door houden' },
    text: {
      en:
        'Each return whose lines were all refunded without sending the item back saves what an average return that did come back cost in ' +
        'labels and handling: keep-item returns × (labels + handling of the lines sent back) ÷ returns with a line sent back.',
      nl:
        'Elke retour waarvan alle regels zijn terugbetaald zonder het artikel terug te sturen, bespaart wat een gemiddelde retour die wel ' +
        'terugkwam kostte aan labels en afhandeling: retouren met houden × (labels + afhandeling van de teruggestuurde regels) ÷ retouren ' +
        'met een teruggestuurde regel.',
    },
  },
  {
    key: 'roi.routing',
    title: { en: 'Saved by routing', nl: 'Bespaard door routering' },
    text: {
      en:
        'Two savings routing can show. Rates compared: for a return whose routing rule booked the cheapest quoted service, the quote of the ' +
        'first configured service (what would have been booked otherwise) − the quote booked, when both were quoted in this currency. ' +
        'Store drop-offs: a return brought to a store needs no label and saves the average label cost of the returns that had one. A ' +
        'nearer warehouse’s saving is not counted: no rate to the farther one was asked, so there is nothing true to compare with.',
      nl:
        'Twee besparingen die routering laat zien. Tarieven vergeleken: voor een retour waarvan de routeringsregel de goedkoopste geoffreerde ' +
        'dienst boekte, de offerte van de eerste ingestelde dienst (wat anders geboekt was) − de geboekte offerte, als beide in deze valuta ' +
        'geoffreerd zijn. Inleveren in een winkel: een retour die naar een winkel gebracht wordt heeft geen label nodig en bespaart de ' +
        'gemiddelde labelkosten van de retouren die er een hadden. De besparing van een dichterbij gelegen magazijn telt niet: er is geen ' +
        'tarief naar het verdere gevraagd, dus er is niets eerlijks om mee te vergelijken.',
    },
  },
  {
    key: 'roi.costOfReturns',
    title: { en: 'Cost of returns and ROI', nl: 'Kosten van retouren en rendement' },
    text: {
      en:
        'Cost of returns = carrier labels + handling + bonuses given for credit or exchanges − fees charged to shoppers, over the same ' +
        'lines (what running returns costs; refunds are the shopper’s own money and are left out). ROI = (revenue kept + costs saved) ÷ ' +
        'cost of returns; empty when that cost is nothing.',
      nl:
        'Kosten van retouren = verzendlabels + afhandeling + bonussen voor tegoed of ruil − aan klanten berekende kosten, over dezelfde ' +
        'regels (wat het uitvoeren van retouren kost; terugbetalingen zijn het geld van de klant en tellen niet mee). Rendement = (behouden ' +
        'omzet + bespaarde kosten) ÷ kosten van retouren; leeg als die kosten nul zijn.',
    },
  },
];

import type { MetricDefinition } from '../metricDefinition.js';

/** What the forecast dashboard's figures mean (docs/analytics.md, "Forecast"; the math: ../forecast.ts). */
export const FORECAST_DEFINITIONS: MetricDefinition[] = [
  {
    key: 'forecast.expected',
    title: { en: 'Returns expected per day and warehouse', nl: 'Verwachte retouren per dag en magazijn' },
    text: {
      en:
        'Units expected to arrive at a warehouse on each of the 28 days from today (days in the shop’s time zone), from the units ' +
        'delivered before today: expected on day D = Σ over categories and delivery days d of the units delivered on d × the ' +
        'category’s return curve at lag D − d (lags up to 90 days). Orders not delivered yet, and today’s deliveries, are not known ' +
        'and not forecast: later days run low and fall to zero once the known deliveries’ lags are past. What already came back of a ' +
        'delivery is not subtracted: for lags not reached yet the curve’s unconditional share is used. Split over warehouses by where ' +
        'the category’s returns arrived in the last 56 days (all categories’ when it had none there; “Unrouted” when nothing arrived ' +
        'anywhere, or arrived without a warehouse). Channel, country and category (with the categories below it) narrow deliveries and ' +
        'returns alike; a warehouse keeps its share only. The period, product, segment and currency do not apply: deliveries are kept ' +
        'per category, channel and country, and units of every currency count.',
      nl:
        'Eenheden die naar verwachting binnenkomen bij een magazijn op elk van de 28 dagen vanaf vandaag (dagen in de tijdzone van de ' +
        'winkel), uit de eenheden die vóór vandaag zijn bezorgd: verwacht op dag D = Σ over categorieën en bezorgdagen d van de ' +
        'eenheden bezorgd op d × de retourcurve van de categorie bij vertraging D − d (tot 90 dagen). Nog niet bezorgde bestellingen en ' +
        'de bezorgingen van vandaag zijn onbekend en worden niet voorspeld: latere dagen vallen laag uit en zakken naar nul zodra de ' +
        'vertragingen van de bekende bezorgingen voorbij zijn. Wat van een bezorging al terugkwam wordt niet afgetrokken: voor nog niet ' +
        'bereikte vertragingen geldt het onvoorwaardelijke aandeel van de curve. Verdeeld over magazijnen naar waar de retouren van de ' +
        'categorie de laatste 56 dagen binnenkwamen (die van alle categorieën als er daar geen waren; “Niet toegewezen” als er nergens ' +
        'iets binnenkwam, of zonder magazijn). Kanaal, land en categorie (met de categorieën eronder) beperken bezorgingen en retouren ' +
        'gelijk; een magazijn houdt alleen zijn eigen aandeel. Periode, product, segment en valuta gelden niet: bezorgingen worden per ' +
        'categorie, kanaal en land bijgehouden, en eenheden in elke valuta tellen mee.',
    },
  },
  {
    key: 'forecast.curves',
    title: { en: 'Return curve per category', nl: 'Retourcurve per categorie' },
    text: {
      en:
        'Per category, learnt from the 180 days before today: of the units delivered, the share that arrived back at a warehouse k days ' +
        'after delivery, for k = 0 to 90. Arrived means received at a warehouse (a line rejected on inspection too: it was work for the ' +
        'warehouse), not requested, since the forecast is of what lands at the warehouses and when. Each lag k is measured on the units ' +
        'delivered early enough to show it (within the 180 days, and at least k + 1 days before today), so recent deliveries whose ' +
        'returns are still on their way do not pull the curve down. Return rate = the sum over all lags: the share of delivered units ' +
        'that come back within 90 days. p50 / p90 lag: the days after delivery by which half / 9 in 10 of those returns had arrived. A ' +
        'category with fewer than 100 units delivered early enough to be watched for all 90 days takes the curve of all categories ' +
        'together. Returns without a known delivery are in no curve.',
      nl:
        'Per categorie, geleerd uit de 180 dagen vóór vandaag: van de bezorgde eenheden het aandeel dat k dagen na bezorging weer ' +
        'binnenkwam bij een magazijn, voor k = 0 tot 90. Binnengekomen betekent ontvangen in een magazijn (ook een regel die bij ' +
        'inspectie is afgewezen: het was werk voor het magazijn), niet aangevraagd, want de prognose gaat over wat wanneer bij de ' +
        'magazijnen aankomt. Elke vertraging k wordt gemeten op de eenheden die vroeg genoeg zijn bezorgd om die te laten zien (binnen de ' +
        '180 dagen, en minstens k + 1 dagen vóór vandaag), zodat recente bezorgingen waarvan de retouren nog onderweg zijn de curve niet ' +
        'omlaag trekken. Retourpercentage = de som over alle vertragingen: het aandeel bezorgde eenheden dat binnen 90 dagen terugkomt. ' +
        'p50 / p90 vertraging: de dagen na bezorging waarbinnen de helft / 9 op de 10 van die retouren binnen was. Een categorie met ' +
        'minder dan 100 eenheden die vroeg genoeg zijn bezorgd om alle 90 dagen gevolgd te worden, krijgt de curve van alle categorieën ' +
        'samen. Retouren zonder bekende bezorging tellen in geen curve mee.',
    },
  },
  {
    key: 'forecast.backtest',
    title: { en: 'Past weeks: forecast against what came', nl: 'Afgelopen weken: prognose tegen wat kwam' },
    text: {
      en:
        'For each of the 8 whole weeks before this one: the forecast made as of its Monday, from only what was known then (deliveries ' +
        'before that Monday; curves and the warehouse split learnt from returns that arrived before it), summed over its 7 days, against ' +
        'the units that arrived at a warehouse in those 7 days. Returns of units delivered during the week itself could not be known on ' +
        'its Monday and are not in the forecast: the gap between the two is that, and the model’s error.',
      nl:
        'Voor elk van de 8 hele weken vóór deze: de prognose gemaakt op de maandag ervan, uit alleen wat toen bekend was (bezorgingen ' +
        'vóór die maandag; curves en verdeling over magazijnen geleerd uit retouren die ervóór binnenkwamen), opgeteld over de 7 dagen, ' +
        'tegen de eenheden die in die 7 dagen bij een magazijn binnenkwamen. Retouren van eenheden die in de week zelf zijn bezorgd, ' +
        'waren op de maandag onbekend en zitten niet in de prognose: het verschil tussen beide is dat, en de fout van het model.',
    },
  },
];

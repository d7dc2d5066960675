import type { MetricDefinition } from '../metricDefinition.js';

/** What the problem-products dashboard's figures mean (docs/analytics.md, "Problem products"). */
export const PROBLEM_PRODUCTS_DEFINITIONS: MetricDefinition[] = [
  {
    key: 'problemProducts.test',
    title: { en: 'Problem products', nl: 'Probleemproducten' },
    text: {
      en:
        'Products returned significantly more often than the rest of their category, among orders placed in the period (order day). ' +
        'Per product sold at least the minimum number of units (default 30): its unit return rate (counted returned units ÷ units ' +
        'sold) is compared with that of every other product of its category together, by a one-sided two-proportion z-test with a ' +
        'pooled rate. H0: the product’s rate is at most its category’s; z = (p₁ − p₂) ÷ √(p̂(1 − p̂)(1/n₁ + 1/n₂)), p = 1 − Φ(z). A ' +
        'product is tested only when at least 5 of its units came back and every expected count under H0 (n₁p̂, n₁(1 − p̂), n₂p̂, ' +
        'n₂(1 − p̂)) is at least 5, where the normal approximation holds. The p-values of all products tested are adjusted together ' +
        'by Benjamini–Hochberg (q), and a product is listed when q < 1 − confidence (default confidence 95 %), highest z first: ' +
        'among the products listed, at most about 5 % are expected to be no worse than their category. Products without a category ' +
        'are compared with the other products without one; a product alone in its category, or a category where nothing (or ' +
        'everything) came back, is not tested.',
      nl:
        'Producten die significant vaker terugkomen dan de rest van hun categorie, van de orders geplaatst in de periode (orderdag). ' +
        'Per product met ten minste het minimum aantal verkochte stuks (standaard 30): het retourpercentage per stuk (meetellende ' +
        'geretourneerde stuks ÷ verkochte stuks) wordt vergeleken met dat van alle andere producten van de categorie samen, met een ' +
        'eenzijdige z-toets voor twee proporties met gepoolde kans. H0: het percentage van het product is hoogstens dat van de ' +
        'categorie; z = (p₁ − p₂) ÷ √(p̂(1 − p̂)(1/n₁ + 1/n₂)), p = 1 − Φ(z). Een product wordt alleen getoetst als ten minste 5 ' +
        'stuks terugkwamen en elke onder H0 verwachte telling (n₁p̂, n₁(1 − p̂), n₂p̂, n₂(1 − p̂)) ten minste 5 is, waar de normale ' +
        'benadering opgaat. De p-waarden van alle getoetste producten worden samen aangepast volgens Benjamini–Hochberg (q), en een ' +
        'product staat in de lijst als q < 1 − betrouwbaarheid (standaard 95 %), hoogste z eerst: van de getoonde producten is naar ' +
        'verwachting hoogstens ongeveer 5 % niet slechter dan zijn categorie. Producten zonder categorie worden vergeleken met de ' +
        'andere producten zonder categorie; een product alleen in zijn categorie, of een categorie waarin niets (of alles) terugkwam, ' +
        'wordt niet getoetst.',
    },
  },
  {
    key: 'problemProducts.reason',
    title: { en: 'Dominant reason and comments', nl: 'Belangrijkste reden en opmerkingen' },
    text: {
      en:
        'The reason given for the largest number of the product’s counted returned units (of the same orders), with its share of ' +
        'all those units, lines without a reason included; equal reasons are taken in alphabetical order of their code. Below it, ' +
        'the latest five comments shoppers wrote with that reason.',
      nl:
        'De reden die voor het grootste aantal meetellende geretourneerde stuks van het product (van dezelfde orders) is opgegeven, ' +
        'met het aandeel in al die stuks, regels zonder reden meegeteld; bij gelijke aantallen telt de alfabetische volgorde van de ' +
        'code. Daaronder de laatste vijf opmerkingen die klanten bij die reden schreven.',
    },
  },
];

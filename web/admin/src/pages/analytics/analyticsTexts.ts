import { texts } from '../../i18n.js';

/** The words every dashboard shares. */
export const ANALYTICS_TEXTS = texts({
  en: {
    csv: 'Download CSV',
    definitions: 'How it is counted',
    showReturns: 'Show returns',
    showReturnsOf: 'Show the returns of {what}',
    empty: 'Nothing to show for this period and these filters.',
    total: 'Total',
    units: 'Units',
    returns: 'Returns',
    value: 'Value',
    share: 'Share',
    period: 'Period',
    chartHint: 'Click a bar, or use the table’s buttons, to see the returns behind it.',
  },
  nl: {
    csv: 'CSV downloaden',
    definitions: 'Zo wordt het geteld',
    showReturns: 'Toon retouren',
    showReturnsOf: 'Toon de retouren van {what}',
    empty: 'Niets te tonen voor deze periode en deze filters.',
    total: 'Totaal',
    units: 'Stuks',
    returns: 'Retouren',
    value: 'Waarde',
    share: 'Aandeel',
    period: 'Periode',
    chartHint: 'Klik op een staaf, of gebruik de knoppen in de tabel, om de retouren erachter te zien.',
  },
});

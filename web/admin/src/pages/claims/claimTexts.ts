import { texts } from '../../i18n.js';

/** Words of claims with carriers, shared by the claims list and the claim panel on a return. */
export const CLAIM_TEXTS = texts({
  en: {
    title: 'Claims with carriers',
    open: 'Open',
    submitted: 'Filed with the carrier',
    accepted: 'Accepted',
    rejected: 'Rejected',
    all: 'All',
    lost: 'Lost',
    damaged: 'Damaged',
    returned_to_sender: 'Sent back to the shopper',
    exception: 'Carrier reported a problem',
    stalled: 'No tracking news: lost?',
    status: 'Status',
    carrier: 'Carrier',
    anyCarrier: 'Any carrier',
    ret: 'Return',
    parcel: 'Parcel',
    kind: 'Kind',
    claimed: 'Claimed',
    paid: 'Paid by the carrier',
    reference: "Carrier's claim reference",
    updated: 'Last change',
    totals: '{count} claims in {currency}: {claimed} claimed, {paid} paid',
    totalsOne: '1 claim in {currency}: {claimed} claimed, {paid} paid',
    none: 'No claims here.',
    more: 'Next page',
  },
  nl: {
    title: 'Claims bij vervoerders',
    open: 'Open',
    submitted: 'Ingediend bij de vervoerder',
    accepted: 'Toegekend',
    rejected: 'Afgewezen',
    all: 'Alle',
    lost: 'Kwijt',
    damaged: 'Beschadigd',
    returned_to_sender: 'Terug naar de klant',
    exception: 'Vervoerder meldde een probleem',
    stalled: 'Geen trackingnieuws: kwijt?',
    status: 'Status',
    carrier: 'Vervoerder',
    anyCarrier: 'Elke vervoerder',
    ret: 'Retour',
    parcel: 'Pakket',
    kind: 'Soort',
    claimed: 'Geclaimd',
    paid: 'Betaald door de vervoerder',
    reference: 'Claimnummer van de vervoerder',
    updated: 'Laatste wijziging',
    totals: '{count} claims in {currency}: {claimed} geclaimd, {paid} betaald',
    totalsOne: '1 claim in {currency}: {claimed} geclaimd, {paid} betaald',
    none: 'Geen claims hier.',
    more: 'Volgende pagina',
  },
});

/** Amounts are typed in euros (or the claim's currency), sent in cents; empty or not a number: null. */
export function centsOf(text: string): number | null {
  const trimmed = text.trim().replace(',', '.');
  if (trimmed === '' || !/^\d+(\.\d{1,2})?$/.test(trimmed)) return null;
  return Math.round(Number(trimmed) * 100);
}

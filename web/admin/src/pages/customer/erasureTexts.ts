import type { ErasureErases, ErasureKeeps } from '../../../../../src/domain/privacy/erasure.js';
import { texts } from '../../i18n.js';

export const ERASURE_TEXTS = texts({
  en: {
    title: 'Erase personal data',
    intro:
      'On the shopper’s request (GDPR Art. 17) their name, e-mail, phone, addresses, texts and photos are erased everywhere, from every customer record with the same e-mail. Amounts, dates and references the bookkeeping must keep for seven years stay, no longer tied to a person. This cannot be undone.',
    loading: 'Checking what an erasure would take…',
    erase: 'Erase personal data…',
    erasedOn: 'Personal data erased on {date}. Amounts, dates and references of orders, refunds and store credit are kept.',
    blockedReturns: 'Returns still under way block the erasure: {numbers}. Finish or cancel them first.',
    blockedMoney: 'Money is still on its way for returns {numbers}. Erase once it has moved.',
    dialogTitle: 'Erase this shopper’s personal data?',
    willErase: 'Erased or anonymised',
    willKeep: 'Kept for the bookkeeping',
    holds: '{orders} order(s), {returns} return(s), {photos} photo(s) and {emails} e-mail(s) are affected.',
    confirmLabel: 'Type the customer’s e-mail address to confirm',
    confirm: 'Erase for good',
    cancel: 'Cancel',
    erasing: 'Erasing…',
    done: 'Personal data erased.',
    filesPending: '{n} photo file(s) could not be removed yet; erase again to remove them.',
  },
  nl: {
    title: 'Persoonsgegevens wissen',
    intro:
      'Op verzoek van de klant (AVG art. 17) worden naam, e-mail, telefoon, adressen, teksten en foto’s overal gewist, uit alle klantgegevens met hetzelfde e-mailadres. Bedragen, datums en kenmerken die de boekhouding zeven jaar moet bewaren blijven, zonder verband met een persoon. Dit kan niet ongedaan worden gemaakt.',
    loading: 'Nagaan wat wissen zou raken…',
    erase: 'Persoonsgegevens wissen…',
    erasedOn:
      'Persoonsgegevens gewist op {date}. Bedragen, datums en kenmerken van bestellingen, terugbetalingen en tegoed zijn bewaard.',
    blockedReturns: 'Lopende retouren houden het wissen tegen: {numbers}. Rond ze eerst af of annuleer ze.',
    blockedMoney: 'Voor retouren {numbers} is nog geld onderweg. Wis pas als het is overgemaakt.',
    dialogTitle: 'Persoonsgegevens van deze klant wissen?',
    willErase: 'Gewist of geanonimiseerd',
    willKeep: 'Bewaard voor de boekhouding',
    holds: 'Het gaat om {orders} bestelling(en), {returns} retour(en), {photos} foto(’s) en {emails} e-mail(s).',
    confirmLabel: 'Typ het e-mailadres van de klant ter bevestiging',
    confirm: 'Definitief wissen',
    cancel: 'Annuleren',
    erasing: 'Bezig met wissen…',
    done: 'Persoonsgegevens gewist.',
    filesPending: '{n} fotobestand(en) konden nog niet worden verwijderd; wis opnieuw om ze te verwijderen.',
  },
});

/** What an erasure takes and keeps, in words (the kinds of src/domain/privacy/erasure.ts). */
export const ERASES_TEXTS = texts<Record<ErasureErases, string>>({
  en: {
    identity: 'Name, e-mail address and phone number',
    addresses: 'Shipping and pickup addresses',
    texts: 'Comments, messages, notes and feedback about the shopper',
    photos: 'Photos, from the database and from disk',
    emails: 'E-mails in the mailbox: addresses and contents',
    deliveries: 'Webhook and event payloads that name them',
    risk: 'Risk signals, list entries and what the portal saw of their devices',
    labels: 'Shipping labels and customs papers',
  },
  nl: {
    identity: 'Naam, e-mailadres en telefoonnummer',
    addresses: 'Verzend- en ophaaladressen',
    texts: 'Opmerkingen, berichten, notities en beoordelingen over de klant',
    photos: 'Foto’s, uit de database en van schijf',
    emails: 'E-mails in de mailbox: adressen en inhoud',
    deliveries: 'Webhook- en gebeurtenisgegevens die de klant noemen',
    risk: 'Risicosignalen, lijstvermeldingen en wat het portaal van hun apparaten zag',
    labels: 'Verzendlabels en douanepapieren',
  },
});

export const KEEPS_TEXTS = texts<Record<ErasureKeeps, string>>({
  en: {
    money: 'Amounts and dates of orders, refunds and settlements',
    ledger: 'The store-credit ledger and its balance',
    references: 'Order and return numbers, payment and bank references',
    facts: 'Countries, products, reasons and grades for the figures',
  },
  nl: {
    money: 'Bedragen en datums van bestellingen, terugbetalingen en verrekeningen',
    ledger: 'Het tegoedgrootboek en het saldo',
    references: 'Bestel- en retournummers, betaal- en bankkenmerken',
    facts: 'Landen, producten, redenen en beoordelingen voor de cijfers',
  },
});

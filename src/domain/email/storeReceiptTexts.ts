import type { ShopperLocale } from '../policy/messages.js';

/** The e-mail that brings the receipt of a return taken back over a store's counter. */
// Shaped like emailTexts' KindTexts, which lists these with every other kind's.
export const STORE_RECEIPT_TEXTS: Record<ShopperLocale, { subject: string; heading: string; body: string }> = {
  en: {
    subject: 'Your receipt for return {number}',
    heading: 'We took your return back in the store',
    body: 'Here is your receipt: the items you brought, how we graded them, and what you get back ({amount}).',
  },
  nl: {
    subject: 'Je bon voor retour {number}',
    heading: 'We hebben je retour in de winkel aangenomen',
    body: 'Hier is je bon: de artikelen die je bracht, hoe we ze beoordeelden en wat je terugkrijgt ({amount}).',
  },
  de: {
    subject: 'Ihr Beleg für die Retoure {number}',
    heading: 'Wir haben Ihre Rücksendung im Geschäft angenommen',
    body: 'Hier ist Ihr Beleg: die Artikel, die Sie gebracht haben, wie wir sie beurteilt haben und was Sie zurückbekommen ({amount}).',
  },
  fr: {
    subject: 'Votre reçu pour le retour {number}',
    heading: 'Nous avons repris votre retour en magasin',
    body: 'Voici votre reçu : les articles rapportés, leur évaluation et ce qui vous est rendu ({amount}).',
  },
};

import type { Locale } from './i18n.js';

export interface WithdrawalFormText {
  heading: string;
  instruction: string;
  to: string;
  declaration: string;
  fields: [string, string, string, string, string];
  deleteNote: string;
  online: string;
  print: string;
}

/** The model withdrawal form of Directive 2011/83/EU, Annex I(B), in each language's official
 * wording (in Dutch law: Bijlage I B; in German law: Anlage 2 zu Art. 246a § 1 EGBGB). */
export const WITHDRAWAL_FORM: Record<Locale, WithdrawalFormText> = {
  nl: {
    heading: 'Modelformulier voor herroeping',
    instruction: '(dit formulier alleen invullen en terugzenden wanneer u de overeenkomst wilt herroepen)',
    to: 'Aan',
    declaration:
      'Ik/Wij (*) deel/delen (*) u hierbij mede dat ik/wij (*) onze overeenkomst betreffende de verkoop van de volgende goederen/levering van de volgende dienst (*) herroep/herroepen (*):',
    fields: [
      'Besteld op (*)/ontvangen op (*)',
      'Naam/Namen consument(en)',
      'Adres consument(en)',
      'Handtekening van consument(en) (alleen wanneer dit formulier op papier wordt ingediend)',
      'Datum',
    ],
    deleteNote: '(*) Doorhalen wat niet van toepassing is.',
    online:
      'Herroepen kan ook hier online: zoek je bestelling op en kies „Overeenkomst hier herroepen”. Je krijgt meteen een bevestiging.',
    print: 'Afdrukken',
  },
  en: {
    heading: 'Model withdrawal form',
    instruction: '(complete and return this form only if you wish to withdraw from the contract)',
    to: 'To',
    declaration:
      'I/We (*) hereby give notice that I/We (*) withdraw from my/our (*) contract of sale of the following goods (*)/for the provision of the following service (*):',
    fields: [
      'Ordered on (*)/received on (*)',
      'Name of consumer(s)',
      'Address of consumer(s)',
      'Signature of consumer(s) (only if this form is notified on paper)',
      'Date',
    ],
    deleteNote: '(*) Delete as appropriate.',
    online:
      'You can also withdraw online right here: look up your order and choose “Withdraw from contract here”. You get a confirmation at once.',
    print: 'Print',
  },
  de: {
    heading: 'Muster-Widerrufsformular',
    instruction: '(Wenn Sie den Vertrag widerrufen wollen, dann füllen Sie bitte dieses Formular aus und senden Sie es zurück.)',
    to: 'An',
    declaration:
      'Hiermit widerrufe(n) ich/wir (*) den von mir/uns (*) abgeschlossenen Vertrag über den Kauf der folgenden Waren (*)/die Erbringung der folgenden Dienstleistung (*):',
    fields: [
      'Bestellt am (*)/erhalten am (*)',
      'Name des/der Verbraucher(s)',
      'Anschrift des/der Verbraucher(s)',
      'Unterschrift des/der Verbraucher(s) (nur bei Mitteilung auf Papier)',
      'Datum',
    ],
    deleteNote: '(*) Unzutreffendes streichen.',
    online:
      'Sie können auch hier online widerrufen: Suchen Sie Ihre Bestellung und wählen Sie „Vertrag hier widerrufen“. Sie erhalten sofort eine Bestätigung.',
    print: 'Drucken',
  },
  fr: {
    heading: 'Formulaire de rétractation',
    instruction: '(Veuillez compléter et renvoyer le présent formulaire uniquement si vous souhaitez vous rétracter du contrat.)',
    to: 'À l’attention de',
    declaration:
      'Je/Nous (*) vous notifie/notifions (*) par la présente ma/notre (*) rétractation du contrat portant sur la vente du bien (*)/pour la prestation de services (*) ci-dessous :',
    fields: [
      'Commandé le (*)/reçu le (*)',
      'Nom du (des) consommateur(s)',
      'Adresse du (des) consommateur(s)',
      'Signature du (des) consommateur(s) (uniquement en cas de notification du présent formulaire sur papier)',
      'Date',
    ],
    deleteNote: '(*) Rayez la mention inutile.',
    online:
      'Vous pouvez aussi vous rétracter en ligne ici : retrouvez votre commande et choisissez « Se rétracter du contrat ici ». Vous recevez aussitôt une confirmation.',
    print: 'Imprimer',
  },
};

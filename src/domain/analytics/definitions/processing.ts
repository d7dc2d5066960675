import type { MetricDefinition } from '../metricDefinition.js';

/** What the processing-time dashboard's figures mean (docs/analytics.md, "Processing time"). */
export const PROCESSING_DEFINITIONS: MetricDefinition[] = [
  {
    key: 'processing.stages',
    title: { en: 'Time per stage (p50 / p90)', nl: 'Doorlooptijd per fase (p50 / p90)' },
    text: {
      en:
        'Hours each stage took for the counted return lines (return not cancelled, line not rejected) requested in the period. ' +
        'Stages: request → approval, approval → first carrier scan, first scan → receipt, receipt → inspection, inspection → refund, ' +
        'and request → refund as a whole. Each line counts once, as lines of one return can be received, inspected and refunded at ' +
        'different moments. A line counts in a stage only when both its moments are known and the end is not before the start (a ' +
        'refund paid on the first scan is left out of inspection → refund). p50 is the median, p90 the time 9 in 10 lines stayed within, ' +
        'interpolated between the two nearest lines (as PostgreSQL’s percentile_cont).',
      nl:
        'Uren die elke fase duurde voor de meetellende retourregels (retour niet geannuleerd, regel niet afgewezen) aangevraagd in de periode. ' +
        'Fasen: aanvraag → goedkeuring, goedkeuring → eerste scan van de vervoerder, eerste scan → ontvangst, ontvangst → inspectie, ' +
        'inspectie → terugbetaling, en aanvraag → terugbetaling als geheel. Elke regel telt één keer, omdat regels van één retour op ' +
        'verschillende momenten ontvangen, geïnspecteerd en terugbetaald kunnen worden. Een regel telt in een fase alleen mee als beide ' +
        'momenten bekend zijn en het einde niet vóór het begin ligt (een terugbetaling bij de eerste scan telt niet mee in inspectie → ' +
        'terugbetaling). p50 is de mediaan, p90 de tijd waarbinnen 9 op de 10 regels bleven, geïnterpoleerd tussen de twee dichtstbijzijnde ' +
        'regels (zoals PostgreSQL’s percentile_cont).',
    },
  },
  {
    key: 'processing.legal',
    title: { en: 'Refunds within the legal 14 days', nl: 'Terugbetalingen binnen de wettelijke 14 dagen' },
    text: {
      en:
        'Per return requested in the period with counted lines to be refunded (granted resolution, else the one asked, is a refund): ' +
        'the clock starts at the withdrawal, or the request when none was declared, and the refund is the moment the last of those lines ' +
        'had its money out. Within the deadline: refunded at most 14 × 24 hours after the start. Late: refunded later, or still (partly) ' +
        'unpaid more than 14 days after the start as of now. Share = within the deadline ÷ (refunded + unpaid past the deadline). The late ' +
        'ones are listed oldest first (at most 100) with the days they took or have been waiting.',
      nl:
        'Per retour aangevraagd in de periode met meetellende regels die terugbetaald worden (toegekende afhandeling, anders de gevraagde, ' +
        'is terugbetaling): de klok start bij de herroeping, of bij de aanvraag als er geen is, en de terugbetaling is het moment waarop ' +
        'de laatste van die regels is uitbetaald. Binnen de termijn: terugbetaald uiterlijk 14 × 24 uur na de start. Te laat: later ' +
        'terugbetaald, of nu meer dan 14 dagen na de start nog (deels) onbetaald. Aandeel = binnen de termijn ÷ (terugbetaald + onbetaald ' +
        'na de termijn). De late worden de oudste eerst getoond (hoogstens 100) met het aantal dagen dat ze duurden of al wachten.',
    },
  },
];

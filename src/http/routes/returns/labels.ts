import type { FastifyReply, FastifyRequest } from 'fastify';
import { labelFollows } from '../../../app/logistics/shipments/shipmentQueries.js';
import type { PhotoStore, PhotoVariant } from '../../../app/returns/photoStore.js';
import type { ReturnLabelData } from '../../../app/returns/returnLabel.js';
import { RetourError } from '../../../domain/errors.js';
import { type PackingSlipInput, renderPackingSlip } from '../../../integrations/labels/packingSlip.js';
import { renderReturnLabel } from '../../../integrations/labels/returnLabel.js';

/** Answers with a PDF to download; documents about a return are private and never cached. */
function sendPdf(reply: FastifyReply, pdf: Buffer, filename: string) {
  return reply
    .type('application/pdf')
    .header('content-disposition', `attachment; filename="${filename}"`)
    .header('cache-control', 'private, no-store')
    .send(pdf);
}

/** What a browser shows for a label still to come: the back office's page in both its languages. */
const LABEL_FOLLOWS_PAGE = `<!doctype html>
<html lang="nl">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Het label volgt · The label follows</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 3rem auto; padding: 0 1rem; line-height: 1.5">
<main>
<section lang="nl">
<h1>Het label volgt</h1>
<p>Het label van de vervoerder is er nog niet: het wordt aangemeld, of het aanmelden is mislukt. De klant krijgt het per e-mail zodra de vervoerder het heeft gemaakt. Bij het retour, onder Vervoerder, staat hoe het ervoor staat en kan een mislukte aanmelding opnieuw.</p>
</section>
<section lang="en">
<h1>The label follows</h1>
<p>The carrier's label is not there yet: it is being booked, or booking it failed. The shopper gets it by e-mail once the carrier made it. The return's Carrier panel shows where it stands and books a failed one again.</p>
</section>
</main>
</body>
</html>
`;

/** While the carrier's label is still to come: a browser that followed a link (it asks for HTML)
 * gets a page saying so instead of a problem+json it would show raw; any other client the 409
 * LABEL_FOLLOWS problem. */
export function answerLabelFollows(req: FastifyRequest, reply: FastifyReply) {
  if (!String(req.headers.accept ?? '').includes('text/html')) throw labelFollows();
  return reply.code(409).type('text/html; charset=utf-8').header('cache-control', 'private, no-store').send(LABEL_FOLLOWS_PAGE);
}

/** Answers with a return's label as a downloadable PDF. */
export async function sendLabel(reply: FastifyReply, data: ReturnLabelData) {
  return sendPdf(reply, await renderReturnLabel(data), `return-label-${data.returnNumber}.pdf`);
}

/** Answers with a return's packing slip as a downloadable PDF. */
export async function sendPackingSlip(reply: FastifyReply, data: PackingSlipInput) {
  return sendPdf(reply, await renderPackingSlip(data), `packing-slip-${data.returnNumber}.pdf`);
}

/** Answers with a stored photo; the files never change once written. */
export async function sendPhoto(reply: FastifyReply, store: PhotoStore, id: string, variant: PhotoVariant) {
  const file = await store.get(id, variant);
  if (!file) throw new RetourError('not_found', 'PHOTO_NOT_FOUND', `Photo ${id} does not exist`);
  return reply
    .type(variant === 'image' ? 'image/jpeg' : 'image/webp')
    .header('cache-control', 'private, max-age=86400, immutable')
    .header('x-content-type-options', 'nosniff')
    .send(file);
}

import type { FastifyReply } from 'fastify';
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

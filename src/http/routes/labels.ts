import type { FastifyReply } from 'fastify';
import type { ReturnLabelData } from '../../app/queries/returnLabel.js';
import { renderReturnLabel } from '../../integrations/labels/returnLabel.js';

/** Answers with a return's label as a downloadable PDF. */
export async function sendLabel(reply: FastifyReply, data: ReturnLabelData) {
  const pdf = await renderReturnLabel(data);
  return reply
    .type('application/pdf')
    .header('content-disposition', `attachment; filename="return-label-${data.returnNumber}.pdf"`)
    .header('cache-control', 'private, no-store')
    .send(pdf);
}

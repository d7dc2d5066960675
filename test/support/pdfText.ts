import { inflateSync } from 'node:zlib';

/** The text a PDF shows: its content streams, inflated. */
export function pdfText(pdf: Buffer): string {
  const raw = pdf.toString('latin1');
  let text = '';
  for (const m of raw.matchAll(/stream\r?\n([\s\S]*?)endstream/g)) {
    const bytes = Buffer.from(m[1] ?? '', 'latin1');
    try {
      text += inflateSync(bytes).toString('latin1');
    } catch {
      text += m[1];
    }
  }
  // pdfkit writes text as hex strings in TJ arrays, with kerning between them: <4f72> 15 <67616e6963>.
  return text
    .replace(/>\s*-?\d+(?:\.\d+)?\s*</g, '')
    .replace(/<([0-9a-f]+)>/gi, (_, hex: string) => Buffer.from(hex, 'hex').toString('latin1'));
}

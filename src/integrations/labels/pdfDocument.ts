import PDFDocument from 'pdfkit';

/** A PDF document made by Retour for a shop, and the bytes it will be once it is ended. */
export function openPdf(
  options: { size: PDFKit.PDFDocumentOptions['size']; margin: number; compress?: boolean },
  about: { title: string; shopName: string; createdAt: Date },
): { doc: PDFKit.PDFDocument; done: Promise<Buffer> } {
  const doc = new PDFDocument({
    ...options,
    info: { Title: about.title, Author: about.shopName, Creator: 'Retour', CreationDate: about.createdAt },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  return { doc, done };
}

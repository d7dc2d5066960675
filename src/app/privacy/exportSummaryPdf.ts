import { openPdf } from '../../integrations/labels/pdfDocument.js';
import type { ExportSummary } from './exportSummary.js';

/** The summary as a PDF (A4) to print or keep: the same sections as summary.html, each row as
 * one paragraph of "heading: value" pairs, which reads on paper where wide tables would not. */
export async function summaryPdf(summary: ExportSummary, about: { shopName: string; createdAt: Date }): Promise<Buffer> {
  const { doc, done } = openPdf({ size: 'A4', margin: 48 }, { title: summary.title, ...about });
  doc.font('Helvetica-Bold').fontSize(18).text(summary.title);
  doc.moveDown(0.3).font('Helvetica').fontSize(9).fillColor('#444444').text(summary.about).text(summary.made);
  doc.moveDown(0.6).fillColor('#000000').fontSize(10).text(summary.intro);
  for (const section of summary.sections) {
    doc.moveDown(1).font('Helvetica-Bold').fontSize(12).text(`${section.title} (${section.rows.length})`);
    doc.font('Helvetica').fontSize(9).moveDown(0.2);
    if (section.rows.length === 0) doc.fillColor('#444444').text(summary.none).fillColor('#000000');
    for (const row of section.rows) {
      const pairs = row.map((cell, i) => (cell ? `${section.columns[i]}: ${cell}` : '')).filter(Boolean);
      doc.text(pairs.join('  ·  ') || '–').moveDown(0.25);
    }
  }
  doc.moveDown(1).font('Helvetica-Bold').fontSize(12).text(summary.leftOutTitle);
  doc.font('Helvetica').fontSize(9);
  for (const line of summary.leftOut) doc.text(`• ${line}`);
  doc.end();
  return done;
}

import { CarrierError, type LabelFormat } from '../../../app/logistics/carriers/port.js';
import { badAnswer, postnlProblem } from './client.js';
import { PRINTER_TYPES } from './labelRequest.js';
import { list, type Obj, obj } from './read.js';

/** Several boxes' PDF labels come as one file when asked with `|Merge` (in `MergedLabels`). */
export function printerType(format: LabelFormat, boxes: number): string {
  return format === 'pdf' && boxes > 1 ? `${PRINTER_TYPES.pdf}|Merge` : PRINTER_TYPES[format];
}

function decode(label: Obj | null, format: LabelFormat): Buffer {
  const content = label?.Content;
  if (typeof content !== 'string' || !content) throw badAnswer('a label without content');
  const bytes = Buffer.from(content, 'base64');
  if (format === 'pdf' && bytes.subarray(0, 4).toString('latin1') !== '%PDF') throw badAnswer('a PDF label that is not a PDF');
  if (format === 'zpl' && !bytes.toString('latin1').includes('^XA')) throw badAnswer('a ZPL label that is not ZPL');
  return bytes;
}

/**
 * The barcodes and the one label document of a labelling answer:
 * `{MergedLabels:[{Barcodes, Labels}], ResponseShipments:[{Barcode, Errors, Warnings, Labels:[{Content, OutputType}]}]}`.
 * A shipment PostNL refused inside a 200 (its `Errors`) is a refusal; ZPL labels of several boxes
 * are one file when put one after the other.
 */
export function labelsOfAnswer(body: unknown, format: LabelFormat): { barcodes: string[]; document: Buffer } {
  const root = obj(body);
  const shipments = list(root?.ResponseShipments);
  if (!root || shipments.length === 0) throw badAnswer('a label answer without ResponseShipments');
  const refused = shipments.some((s) => list(s.Errors).length > 0);
  const problem = refused ? postnlProblem(root) : null;
  if (problem) throw new CarrierError('rejected', 'CARRIER_REJECTED', `PostNL: ${problem.message}`, 200);
  const barcodes = shipments.map((s) => {
    if (typeof s.Barcode !== 'string' || !s.Barcode) throw badAnswer('a labelled shipment without a barcode');
    return s.Barcode;
  });
  const merged = list(root.MergedLabels)[0];
  if (merged) return { barcodes, document: decode(list(merged.Labels)[0] ?? null, format) };
  const labels = shipments.map((s) => decode(list(s.Labels)[0] ?? null, format));
  if (labels.length > 1 && format === 'pdf') throw badAnswer('separate PDF labels where one merged file was asked');
  return { barcodes, document: Buffer.concat(labels) };
}

/** Labels kept from the booking answer, because PostNL serves a label only in that answer (a later
 * copy is printed again from the parcel's status). Bounded: the oldest go first. */
export class LabelShelf {
  private readonly shelf = new Map<string, Buffer>();
  constructor(private readonly room = 200) {}

  put(remoteId: string, format: LabelFormat, document: Buffer): void {
    this.shelf.set(`${remoteId}:${format}`, document);
    while (this.shelf.size > this.room) {
      const oldest = this.shelf.keys().next().value;
      if (oldest === undefined) break;
      this.shelf.delete(oldest);
    }
  }

  get(remoteId: string, format: LabelFormat): Buffer | null {
    return this.shelf.get(`${remoteId}:${format}`) ?? null;
  }
}

import type { RiskFacts } from './facts.js';

/** One inspected (or received) line of a return, as the findings need it. */
export interface InspectedLineFacts {
  reception: string;
  quantityReceived: number;
  grade: string | null;
  /** Inspection checklist answers by item code (unworn, tags_attached, …). */
  checklist?: Record<string, boolean> | null;
}

/** What inspection found on a return's lines (RiskFacts.inspection): lines worn or used (graded C,
 * or not unworn by the checklist), lines with their tags removed, lines that came back as another
 * item (received as the wrong item, or graded X), and an empty box: the parcel arrived (some line
 * was received) and not one unit was in it — nor another item in their place. */
export function inspectionFindings(lines: readonly InspectedLineFacts[]): NonNullable<RiskFacts['inspection']> {
  const arrived = lines.filter((l) => l.reception === 'received' || l.reception === 'short_received');
  return {
    worn: lines.filter((l) => l.grade === 'C' || l.checklist?.unworn === false).length,
    tagsRemoved: lines.filter((l) => l.checklist?.tags_attached === false).length,
    wrongItems: lines.filter((l) => l.reception === 'wrong_item' || l.grade === 'X').length,
    emptyBox:
      arrived.length > 0 && arrived.every((l) => l.quantityReceived === 0) && !lines.some((l) => l.reception === 'wrong_item'),
  };
}

/** The whole parcel is in and held not one unit (nor another item): the box came back empty. */
export function arrivedEmpty(lines: readonly InspectedLineFacts[]): boolean {
  return inspectionFindings(lines).emptyBox && !lines.some((l) => l.reception === 'expected' || l.reception === 'in_transit');
}

/** A plain signed number (an amount, an E.164 phone such as +31612345678): no formula to guard. */
const PLAIN_NUMBER = /^[+-]?\d+(\.\d+)?$/;

/** One CSV field, quoted when it holds a separator, quote or line break (RFC 4180). Text starting
 * with =, +, -, @, a tab or a carriage return is prefixed with ' so spreadsheets do not run it as
 * a formula; a plain number keeps its sign, as ad platforms read phones in E.164 with their +. */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text = value instanceof Date ? value.toISOString() : String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text) && !PLAIN_NUMBER.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvRow(values: unknown[]): string {
  return `${values.map(csvField).join(',')}\r\n`;
}

/** A user's search text as a literal inside a LIKE pattern: its `%`, `_` and `\` match themselves
 * (PostgreSQL's default escape character is the backslash). */
export function likeLiteral(text: string): string {
  return text.replace(/[\\%_]/g, (m) => `\\${m}`);
}

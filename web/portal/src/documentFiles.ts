/** File extensions of the documents a carrier makes, by content type. */
const EXTENSIONS: Record<string, string> = {
  'application/pdf': 'pdf',
  'application/zpl': 'zpl',
  'application/x-zpl': 'zpl',
  'image/png': 'png',
};

/** A downloaded document's file name: `base` with the extension its content type says (a label
 * printer's ZPL is `.zpl`, not `.pdf`); `bin` for a type not known here. */
export function documentFileName(base: string, contentType: string | null): string {
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  return `${base}.${EXTENSIONS[type] ?? 'bin'}`;
}

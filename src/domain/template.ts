/** Fills `{name}` holes in a text; a hole with no value (or an empty one) gets `missing`, or stays
 * as written when `missing` is not given, so a forgotten value shows in a test. */
export function fillTemplate(template: string, values: Record<string, unknown>, missing?: string): string {
  return template.replace(/\{(\w+)\}/g, (hole, key: string) => {
    const v = values[key];
    if (v === undefined || v === null || v === '') return missing ?? (v === '' ? '' : hole);
    return String(v);
  });
}

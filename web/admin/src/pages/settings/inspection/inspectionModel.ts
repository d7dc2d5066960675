/** Disposition rules and checklists as the settings API has them, and a checklist as the text
 * staff edit it (one item per line: code | English | Dutch). */
export interface Rule {
  grade: string;
  categoryId: string | null;
  disposition: string;
  recoveryBp: number;
}
export interface Checklist {
  categoryId: string | null;
  items: { code: string; labels: Record<string, string> }[];
}
export interface Category {
  id: string;
  name: string;
}

export const toText = (c: Checklist) => c.items.map((i) => [i.code, i.labels.en ?? '', i.labels.nl ?? ''].join(' | ')).join('\n');
export const fromText = (text: string) =>
  text
    .split('\n')
    .map((line) => line.split('|').map((p) => p.trim()))
    .filter(([code]) => code)
    .map(([code, en, nl]) => ({ code: code as string, labels: { en: en || (code as string), ...(nl ? { nl } : {}) } }));

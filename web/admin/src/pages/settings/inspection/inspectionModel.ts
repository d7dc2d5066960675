import type { Category, DispositionRuleInput, InspectionSettings } from '../../../types.js';

/** Disposition rules and checklists as the settings API has them, and a checklist as the text
 * staff edit it (one item per line: code | English | Dutch). */
export type { Category };
/** A disposition rule as staff edit it and the API takes it back. */
export type Rule = DispositionRuleInput;
export type Checklist = InspectionSettings['checklists'][number];

/** The rules as staff edit them: the category's name is shown from the categories, and the API
 * takes a rule back without it. */
export const editableRules = (rules: InspectionSettings['rules']): Rule[] => rules.map(({ categoryName: _, ...rule }) => rule);

export const toText = (c: Checklist) => c.items.map((i) => [i.code, i.labels.en ?? '', i.labels.nl ?? ''].join(' | ')).join('\n');
export const fromText = (text: string) =>
  text
    .split('\n')
    .map((line) => line.split('|').map((p) => p.trim()))
    .filter(([code]) => code)
    .map(([code, en, nl]) => ({ code: code as string, labels: { en: en || (code as string), ...(nl ? { nl } : {}) } }));

import type { ChecklistItem } from '../../../db/schema.js';
import type { DispositionRule } from '../../../domain/disposition.js';
import { type FieldIssue, RetourError } from '../../../domain/errors.js';
import { GRADES } from '../../../domain/returnLifecycle.js';
import type { AppContext, CommandMeta } from '../../kernel/context.js';
import { newId } from '../../kernel/ids.js';
import { inUnit, type Tx } from '../../kernel/transaction.js';
import { forgetInspectionRules } from './inspectionRules.js';

async function checkCategories(tx: Tx, ids: (string | null)[], field: string, issues: FieldIssue[]) {
  const wanted = [...new Set(ids.filter((id): id is string => id !== null))];
  const known = new Set(
    wanted.length === 0
      ? []
      : (await tx.selectFrom('categories').select('id').where('id', 'in', wanted).execute()).map((c) => c.id),
  );
  ids.forEach((id, i) => {
    if (id !== null && !known.has(id)) issues.push({ path: `${field}.${i}.categoryId`, message: 'unknown category' });
  });
}

function refuse(code: string, message: string, issues: FieldIssue[]): never {
  throw new RetourError('invalid', code, message, issues);
}

/** Replaces the disposition rules as a whole. Every grade keeps a rule without a category, so the
 * station always has a suggestion; one rule per grade and category. */
export async function replaceDispositionRules(ctx: AppContext, meta: CommandMeta, input: { rules: DispositionRule[] }) {
  const replaced = await inUnit(ctx, meta, async ({ tx, now, record }) => {
    const issues: FieldIssue[] = [];
    const seen = new Set<string>();
    input.rules.forEach((r, i) => {
      const key = `${r.grade}|${r.categoryId ?? ''}`;
      if (seen.has(key)) issues.push({ path: `rules.${i}`, message: 'a second rule for this grade and category' });
      seen.add(key);
    });
    if (issues.length > 0) refuse('DUPLICATE_RULE', 'One rule per grade and category', issues);
    const missing = GRADES.filter((g) => !input.rules.some((r) => r.grade === g && r.categoryId === null));
    if (missing.length > 0) {
      refuse('FALLBACK_RULE_REQUIRED', `Every grade needs a rule for all categories (missing: ${missing.join(', ')})`, [
        { path: 'rules', message: `add a rule without category for ${missing.join(', ')}` },
      ]);
    }
    await checkCategories(
      tx,
      input.rules.map((r) => r.categoryId),
      'rules',
      issues,
    );
    if (issues.length > 0) refuse('CATEGORY_NOT_FOUND', 'A rule names an unknown category', issues);
    await tx.deleteFrom('disposition_rules').execute();
    await tx
      .insertInto('disposition_rules')
      .values(
        input.rules.map((r) => ({
          id: newId('dr'),
          grade: r.grade,
          category_id: r.categoryId,
          disposition: r.disposition,
          recovery_bp: r.recoveryBp,
          updated_at: now,
        })),
      )
      .execute();
    record({
      type: 'disposition_rules.updated',
      subjectType: 'settings',
      subjectId: 'disposition_rules',
      data: { rules: input.rules.length },
    });
    return { rules: input.rules.length };
  });
  // After commit: the station and the graders read the rules from this cache.
  await forgetInspectionRules(ctx.caches);
  return replaced;
}

/** Replaces the inspection checklists as a whole; the one without a category is required. */
export async function replaceChecklists(
  ctx: AppContext,
  meta: CommandMeta,
  input: { checklists: { categoryId: string | null; items: ChecklistItem[] }[] },
) {
  const replaced = await inUnit(ctx, meta, async ({ tx, now, record }) => {
    const issues: FieldIssue[] = [];
    const seen = new Set<string>();
    input.checklists.forEach((c, i) => {
      const key = c.categoryId ?? '';
      if (seen.has(key)) issues.push({ path: `checklists.${i}.categoryId`, message: 'a second checklist for this category' });
      seen.add(key);
      const codes = new Set<string>();
      c.items.forEach((item, j) => {
        if (codes.has(item.code)) issues.push({ path: `checklists.${i}.items.${j}.code`, message: 'listed twice' });
        codes.add(item.code);
      });
    });
    if (issues.length > 0) refuse('DUPLICATE_CHECKLIST', 'One checklist per category, each item once', issues);
    if (!input.checklists.some((c) => c.categoryId === null)) {
      refuse('DEFAULT_CHECKLIST_REQUIRED', 'Keep a checklist for all categories', [
        { path: 'checklists', message: 'add one without a category' },
      ]);
    }
    await checkCategories(
      tx,
      input.checklists.map((c) => c.categoryId),
      'checklists',
      issues,
    );
    if (issues.length > 0) refuse('CATEGORY_NOT_FOUND', 'A checklist names an unknown category', issues);
    await tx.deleteFrom('inspection_checklists').execute();
    await tx
      .insertInto('inspection_checklists')
      .values(
        input.checklists.map((c) => ({
          id: newId('chk'),
          category_id: c.categoryId,
          items: JSON.stringify(c.items),
          updated_at: now,
        })),
      )
      .execute();
    record({
      type: 'inspection_checklists.updated',
      subjectType: 'settings',
      subjectId: 'inspection_checklists',
      data: { checklists: input.checklists.length },
    });
    return { checklists: input.checklists.length };
  });
  // After commit: the station reads the checklists from this cache.
  await forgetInspectionRules(ctx.caches);
  return replaced;
}

import { type KeyboardEvent, useEffect, useRef, useState } from 'react';
import { GRADES } from '../../../../../src/domain/returnLifecycle.js';
import { api } from '../../api.js';
import { useT } from '../../i18n.js';
import type { InspectionSetup, ReturnDetail } from '../../types.js';
import { useAction } from '../../ui/useAction.js';
import { INSPECT_TEXTS } from './inspectTexts.js';

export type GradeKey = (typeof GRADES)[number];
type Line = ReturnDetail['lines'][number];

export type { InspectionSetup };

export interface LineInput {
  grade: GradeKey | null;
  checklist: Record<string, boolean>;
  disposition: string;
  note: string;
}

const typingIn = (target: HTMLElement) =>
  ['INPUT', 'SELECT', 'TEXTAREA'].includes(target.tagName) && (target as HTMLInputElement).type !== 'checkbox';

/** The grades, checklists, dispositions and notes of the items being inspected, the item in focus,
 * the keys that fill them in, and sending the inspection once every item has a grade. */
export function useInspection(ret: ReturnDetail, lines: Line[], setup: InspectionSetup, onDone: () => void) {
  const t = useT(INSPECT_TEXTS);
  const action = useAction();
  const [inputs, setInputs] = useState<Record<string, LineInput>>(() =>
    Object.fromEntries(
      lines.map((l) => [
        l.id,
        { grade: (l.grade as GradeKey | null) ?? null, checklist: l.checklist ?? {}, disposition: '', note: '' },
      ]),
    ),
  );
  const [current, setCurrent] = useState(0);
  const [warehouseId, setWarehouseId] = useState(setup.warehouseId ?? '');
  const [hint, setHint] = useState<string | null>(null);
  const cards = useRef<(HTMLElement | null)[]>([]);
  useEffect(() => {
    cards.current[current]?.focus();
  }, [current]);

  const update = (id: string, patch: Partial<LineInput>) =>
    setInputs((all) => ({ ...all, [id]: { ...(all[id] as LineInput), ...patch } }));
  const setupOf = (id: string) => setup.lines.find((s) => s.returnLineId === id);

  async function finish() {
    const missing = lines.findIndex((l) => !inputs[l.id]?.grade);
    if (missing >= 0) {
      setHint(t.needGrade);
      setCurrent(missing);
      cards.current[missing]?.focus();
      return;
    }
    setHint(null);
    const body = {
      warehouseId: warehouseId || null,
      lines: lines.map((l) => {
        const input = inputs[l.id] as LineInput;
        const { grade, checklist } = input;
        return { returnLineId: l.id, grade, disposition: input.disposition || null, checklist, note: input.note || null };
      }),
    };
    const ok = await action.run(() => api('POST', `/returns/${ret.id}/inspect`, body));
    if (ok) onDone();
  }

  /** Enter goes to the next item (or finishes), a grade key grades, a digit ticks the checklist. */
  function onKey(e: KeyboardEvent<HTMLElement>, index: number) {
    const line = lines[index];
    const target = e.target as HTMLElement;
    if (!line || e.altKey || e.ctrlKey || e.metaKey) return;
    if (e.key === 'Enter') {
      if (target.tagName === 'BUTTON' || target.tagName === 'TEXTAREA') return;
      e.preventDefault();
      if (!inputs[line.id]?.grade) setHint(t.needGrade);
      else if (index < lines.length - 1) setCurrent(index + 1);
      else void finish();
      return;
    }
    if (typingIn(target)) return;
    const key = e.key.toUpperCase();
    if ((GRADES as readonly string[]).includes(key)) {
      e.preventDefault();
      update(line.id, { grade: key as GradeKey });
      setHint(null);
      return;
    }
    const n = Number(e.key);
    const item = setupOf(line.id)?.checklist[n - 1];
    if (n >= 1 && item) {
      e.preventDefault();
      const answers = inputs[line.id]?.checklist ?? {};
      update(line.id, { checklist: { ...answers, [item.code]: !answers[item.code] } });
    }
  }

  return { action, inputs, update, setupOf, current, setCurrent, warehouseId, setWarehouseId, hint, cards, finish, onKey };
}

export type Inspection = ReturnType<typeof useInspection>;

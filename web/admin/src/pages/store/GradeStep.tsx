import type { CounterSetupWire } from '../../../../../src/http/routes/stores/counter/schema.js';
import { useT } from '../../i18n.js';
import { useLabels } from '../../ui/useLabels.js';
import { fill, GRADE_TEXTS, STORE_TEXTS } from './storeTexts.js';
import type { Counter, Disposition, Grade } from './useCounter.js';

/** The third step: each item's grade, as big buttons a finger hits, and what happens to it (the
 * shop's rules suggest it unless the staff member chooses). */
export function GradeStep({ counter, setup }: { counter: Counter; setup: CounterSetupWire }) {
  const t = useT(STORE_TEXTS);
  const g = useT(GRADE_TEXTS);
  const labels = useLabels();
  const order = counter.order;
  if (!order) return null;
  const done = counter.picks.every((p) => p.grade !== null);
  return (
    <section className="card" aria-labelledby="grade-title">
      <h2 id="grade-title">{t.gradeTitle}</h2>
      <ul className="counter-lines">
        {counter.picks.map((p) => {
          const line = order.lines.find((l) => l.id === p.orderLineId);
          const title = line?.title ?? p.orderLineId;
          return (
            <li key={p.orderLineId} className="counter-grade">
              <fieldset>
                <legend>
                  {fill(t.gradeOf, { title })} <small>× {p.quantity}</small>
                </legend>
                <div className="grade-buttons">
                  {setup.grades.map((grade: Grade) => (
                    <label key={grade} className={`grade-choice${p.grade === grade ? ' chosen' : ''}`}>
                      <input
                        type="radio"
                        name={`grade-${p.orderLineId}`}
                        value={grade}
                        checked={p.grade === grade}
                        onChange={() => counter.setPick(p.orderLineId, { grade })}
                      />
                      <span>
                        <b>{grade}</b> {g[grade]}
                      </span>
                    </label>
                  ))}
                </div>
              </fieldset>
              <label>
                <span>{t.disposition}</span>
                <select
                  value={p.disposition ?? ''}
                  onChange={(e) =>
                    counter.setPick(p.orderLineId, { disposition: (e.target.value || null) as Disposition | null })
                  }
                >
                  <option value="">{t.suggested}</option>
                  {setup.dispositions.map((d) => (
                    <option key={d} value={d}>
                      {labels.disposition(d)}
                    </option>
                  ))}
                </select>
              </label>
            </li>
          );
        })}
      </ul>
      <div className="counter-nav">
        <button type="button" className="big" onClick={() => counter.setStep('items')}>
          {t.back}
        </button>
        <button type="button" className="primary big" disabled={!done} onClick={() => counter.setStep('refund')}>
          {t.next}
        </button>
      </div>
    </section>
  );
}

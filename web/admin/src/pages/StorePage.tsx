import { useState } from 'react';
import type { CounterSetupWire } from '../../../../src/http/routes/stores/counter/schema.js';
import { ApiError, api } from '../api.js';
import { useT } from '../i18n.js';
import { Empty, Loaded } from '../ui/States.js';
import { useLoad } from '../ui/useLoad.js';
import { FindStep } from './store/FindStep.js';
import { GradeStep } from './store/GradeStep.js';
import { ItemsStep } from './store/ItemsStep.js';
import { ReceiptView } from './store/ReceiptView.js';
import { RefundStep } from './store/RefundStep.js';
import { STORE_TEXTS } from './store/storeTexts.js';
import { type Step, useCounter } from './store/useCounter.js';
import './store/store.css';

const STEPS: Step[] = ['find', 'items', 'grade', 'refund', 'receipt'];

/** The store counter on a tablet: find an online order, take items back, grade, refund, receipt. */
export function StorePage(_props: { sub: string | null }) {
  const t = useT(STORE_TEXTS);
  const setup = useLoad(loadSetup, []);
  return (
    <div className="counter">
      <h1>{t.title}</h1>
      <Loaded state={setup}>
        {(s) =>
          s === NO_STORE ? (
            <p className="error" role="alert">
              {t.noStore}
            </p>
          ) : (
            <Counter setup={s} />
          )
        }
      </Loaded>
    </div>
  );
}

const NO_STORE = 'no_store';

/** The counter's setup; an account of the store role that works at no store yet is told so in the
 * staff member's language, not with the server's English problem. */
async function loadSetup(): Promise<CounterSetupWire | typeof NO_STORE> {
  try {
    return await api<CounterSetupWire>('GET', '/store-counter');
  } catch (err) {
    if (err instanceof ApiError && err.problem.code === 'NO_STORE_ASSIGNED') return NO_STORE;
    throw err;
  }
}

function Counter({ setup }: { setup: CounterSetupWire }) {
  const t = useT(STORE_TEXTS);
  // A store's own account stands at its store; someone who works at no one store picks one.
  const [chosen, setChosen] = useState<string | null>(setup.store?.id ?? setup.stores[0]?.id ?? null);
  const counter = useCounter(setup.store ? null : chosen);
  if (!chosen) return <Empty>{t.noStores}</Empty>;
  const stepName = { find: t.stepFind, items: t.stepItems, grade: t.stepGrade, refund: t.stepRefund, receipt: t.stepReceipt };
  return (
    <>
      {setup.store ? (
        <p className="counter-store">{setup.store.name}</p>
      ) : (
        <label className="counter-store">
          <span>{t.chooseStore}</span>
          <select value={chosen} onChange={(e) => setChosen(e.target.value)} disabled={counter.step !== 'find'}>
            {setup.stores.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
      )}
      <nav aria-label={t.steps}>
        <ol className="counter-steps">
          {STEPS.map((s) => (
            <li key={s} aria-current={counter.step === s ? 'step' : undefined}>
              {stepName[s]}
            </li>
          ))}
        </ol>
      </nav>
      {counter.step === 'find' && <FindStep counter={counter} />}
      {counter.step === 'items' && <ItemsStep counter={counter} reasons={setup.reasons} />}
      {counter.step === 'grade' && <GradeStep counter={counter} setup={setup} />}
      {counter.step === 'refund' && <RefundStep counter={counter} />}
      {counter.step === 'receipt' && counter.result && <ReceiptView result={counter.result} onNext={counter.reset} />}
    </>
  );
}

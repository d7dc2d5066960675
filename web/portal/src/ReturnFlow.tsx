import { useState } from 'react';
import type { CreatedReturn, Shop } from './api.js';
import { DefectStep } from './DefectStep.js';
import type { Choice, Found } from './flow.js';
import { ItemsStep } from './ItemsStep.js';
import type { Locale } from './i18n.js';
import { LookupStep } from './LookupStep.js';
import { StatusView } from './StatusView.js';
import { SummaryStep } from './SummaryStep.js';
import { WithdrawStep } from './WithdrawStep.js';

type Step =
  | { name: 'lookup' }
  | { name: 'items'; found: Found }
  | { name: 'withdraw'; found: Found }
  | { name: 'defect'; found: Found; orderLineId: string }
  | { name: 'summary'; found: Found; choices: Choice[] }
  | { name: 'done'; created: CreatedReturn };

/** The shopper's way through a return: find the order, choose, see every cost, confirm, follow. */
export function ReturnFlow({ locale, shop }: { locale: Locale; shop: Shop | null }) {
  const [step, setStep] = useState<Step>({ name: 'lookup' });
  const done = (created: CreatedReturn) => setStep({ name: 'done', created });
  switch (step.name) {
    case 'lookup':
      return <LookupStep locale={locale} onFound={(found) => setStep({ name: 'items', found })} />;
    case 'items':
      return (
        <ItemsStep
          locale={locale}
          found={step.found}
          onBack={() => setStep({ name: 'lookup' })}
          onNext={(choices) => setStep({ name: 'summary', found: step.found, choices })}
          onWithdraw={() => setStep({ name: 'withdraw', found: step.found })}
          onDefect={(orderLineId) => setStep({ name: 'defect', found: step.found, orderLineId })}
        />
      );
    case 'defect':
      return (
        <DefectStep
          locale={locale}
          found={step.found}
          orderLineId={step.orderLineId}
          onBack={() => setStep({ name: 'items', found: step.found })}
          onDone={done}
        />
      );
    case 'withdraw':
      return (
        <WithdrawStep
          locale={locale}
          found={step.found}
          onBack={() => setStep({ name: 'items', found: step.found })}
          onDone={done}
        />
      );
    case 'summary':
      return (
        <SummaryStep
          locale={locale}
          shop={shop}
          choices={step.choices}
          onBack={() => setStep({ name: 'items', found: step.found })}
          onDone={done}
        />
      );
    case 'done':
      return <StatusView locale={locale} returnId={step.created.returnId} withdrawal={step.created.withdrawal} />;
  }
}

import { useState } from 'react';
import { can } from '../../access.js';
import { api } from '../../api.js';
import { useLang, useT } from '../../i18n.js';
import { useMe } from '../../session.js';
import { Empty, ErrorBox, Loaded } from '../../ui/States.js';
import { useAction } from '../../ui/useAction.js';
import { useLoad } from '../../ui/useLoad.js';
import { RuleForm } from './routing/RuleForm.js';
import { RulesTable } from './routing/RulesTable.js';
import type { CategoryList, Reason, RoutingRule, RoutingRuleList } from './routing/routingModel.js';
import { ROUTING_TEXTS } from './routing/routingTexts.js';

interface WarehouseRef {
  id: string;
  name: string;
  isDefault: boolean;
}

/** Where returns go and with which service: the rules in order, and a form to add or change one. */
export function RoutingTab() {
  const t = useT(ROUTING_TEXTS);
  const lang = useLang();
  const me = useMe();
  const editable = can(me.role, 'carriers.manage');
  const rules = useLoad(() => api<RoutingRuleList>('GET', '/routing-rules'), []);
  const refs = useLoad(
    () =>
      Promise.all([
        api<WarehouseRef[]>('GET', '/warehouses'),
        can(me.role, 'catalog.read') ? api<CategoryList>('GET', '/categories') : Promise.resolve({ items: [] }),
        api<Reason[]>('GET', '/reasons'),
      ]),
    [me.role],
  );
  const action = useAction();
  const [editing, setEditing] = useState<RoutingRule | null>(null);

  return (
    <section className="card" aria-labelledby="routing-title">
      <h2 id="routing-title">{t.rules}</h2>
      <p className="muted">{t.rulesHint}</p>
      {action.error && <ErrorBox message={action.error} />}
      <Loaded state={refs}>
        {([warehouses, categories, reasonList]) => {
          const reasons = reasonList.map((r) => ({ code: r.code, name: r.labels[lang] ?? r.labels.en ?? r.code }));
          return (
            <>
              <Loaded state={rules}>
                {({ items }) =>
                  items.length === 0 ? (
                    <Empty>{t.none}</Empty>
                  ) : (
                    <RulesTable
                      rules={items}
                      editable={editable}
                      action={action}
                      reload={rules.reload}
                      onEdit={setEditing}
                      warehouseName={(id) => warehouses.find((w) => w.id === id)?.name ?? id}
                      categoryName={(id) => categories.items.find((c) => c.id === id)?.name ?? id}
                      reasonName={(code) => reasons.find((r) => r.code === code)?.name ?? code}
                    />
                  )
                }
              </Loaded>
              {editable && (
                <RuleForm
                  key={editing?.id ?? 'new'}
                  editing={editing}
                  action={action}
                  warehouses={warehouses}
                  categories={categories.items}
                  reasons={reasons}
                  onDone={async () => {
                    setEditing(null);
                    await rules.reload();
                  }}
                />
              )}
            </>
          );
        }}
      </Loaded>
    </section>
  );
}

import { can } from '../access.js';
import { api, query } from '../api.js';
import { useT } from '../i18n.js';
import { linkProps } from '../router.js';
import { useMe } from '../session.js';
import type { ReturnPage } from '../types.js';
import { Loaded } from '../ui/States.js';
import { useLoad } from '../ui/useLoad.js';
import { WhoLooked } from './accessLog/WhoLooked.js';
import { CustomerRiskPanel } from './customer/CustomerRiskPanel.js';
import { CustomerFacts, CustomerOrders, CustomerReturns } from './customer/CustomerTables.js';
import type { CustomerDetail, OrderPage } from './customer/customerRows.js';
import { CUSTOMER_TEXTS } from './customer/customerTexts.js';
import { ErasurePanel } from './customer/ErasurePanel.js';
import { PrivacyPanel } from './customer/PrivacyPanel.js';
import { StoreCreditPanel } from './customer/StoreCreditPanel.js';

/** One customer: who they are, what they bought, what came back and how often. */
export function CustomerPage({ customerId }: { customerId: string }) {
  const t = useT(CUSTOMER_TEXTS);
  const me = useMe();
  const state = useLoad(
    () =>
      Promise.all([
        api<CustomerDetail>('GET', `/customers/${customerId}`),
        api<OrderPage>('GET', `/orders${query({ customerId, limit: 100 })}`),
        api<ReturnPage>('GET', `/returns${query({ customerId, limit: 100 })}`),
      ]),
    [customerId],
  );
  return (
    <>
      <p>
        <a {...linkProps('/customers')}>{t.back}</a>
      </p>
      <Loaded state={state}>
        {([c, orders, returns]) => {
          const currency = orders.items[0]?.currency ?? returns.items[0]?.currency ?? 'EUR';
          const valueReturned = c.valueReturned ?? returns.items.reduce((sum, r) => sum + r.value, 0);
          return (
            <>
              <h1>{[c.firstName, c.lastName].filter(Boolean).join(' ') || c.email}</h1>
              <CustomerFacts c={c} valueReturned={valueReturned} currency={currency} />
              {can(me.role, 'risk.read') && <CustomerRiskPanel customerId={c.id} />}
              <StoreCreditPanel customerId={c.id} currency={currency} />
              <WhoLooked subjectType="customer" subjectId={c.id} />
              <PrivacyPanel customerId={c.id} />
              <ErasurePanel customerId={c.id} email={c.email} onErased={() => void state.reload()} />
              <div className="columns">
                <CustomerReturns returns={returns.items} />
                <CustomerOrders orders={orders.items} />
              </div>
            </>
          );
        }}
      </Loaded>
    </>
  );
}

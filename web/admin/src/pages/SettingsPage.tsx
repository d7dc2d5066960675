import { can } from '../access.js';
import { texts, useT } from '../i18n.js';
import { linkProps } from '../router.js';
import { useMe } from '../session.js';
import { ApiKeysTab } from './settings/ApiKeysTab.js';
import { AutomationTab } from './settings/AutomationTab.js';
import { CarriersTab } from './settings/CarriersTab.js';
import { ConnectionsTab } from './settings/ConnectionsTab.js';
import { InspectionTab } from './settings/InspectionTab.js';
import { PaymentsTab } from './settings/PaymentsTab.js';
import { PrivacyTab } from './settings/PrivacyTab.js';
import { ReasonsTab } from './settings/ReasonsTab.js';
import { RoutingTab } from './settings/RoutingTab.js';
import { SecurityTab } from './settings/SecurityTab.js';
import { ShopTab } from './settings/ShopTab.js';
import { SsoTab } from './settings/SsoTab.js';
import { StaffTab } from './settings/StaffTab.js';
import { WarehousesTab } from './settings/WarehousesTab.js';
import { WebhooksTab } from './settings/WebhooksTab.js';

const T = texts({
  en: {
    title: 'Settings',
    tabs: 'Settings sections',
    shop: 'Shop',
    warehouses: 'Warehouses and stores',
    reasons: 'Reasons',
    staff: 'Staff',
    'api-keys': 'API keys',
    inspection: 'Inspection',
    payments: 'Payments',
    carriers: 'Carriers',
    connections: 'Connections',
    routing: 'Routing',
    webhooks: 'Webhooks',
    automation: 'Automation',
    security: 'Security',
    sso: 'Single sign-on',
    privacy: 'Privacy & retention',
  },
  nl: {
    title: 'Instellingen',
    tabs: 'Onderdelen',
    shop: 'Winkel',
    warehouses: 'Magazijnen en winkels',
    reasons: 'Redenen',
    staff: 'Medewerkers',
    'api-keys': 'API-sleutels',
    inspection: 'Keuring',
    payments: 'Betalingen',
    carriers: 'Vervoerders',
    connections: 'Koppelingen',
    routing: 'Routering',
    webhooks: 'Webhooks',
    automation: 'Automatisering',
    security: 'Beveiliging',
    sso: 'Eenmalige aanmelding',
    privacy: 'Privacy en bewaartermijnen',
  },
});

type Tab =
  | 'shop'
  | 'warehouses'
  | 'reasons'
  | 'staff'
  | 'api-keys'
  | 'inspection'
  | 'payments'
  | 'carriers'
  | 'connections'
  | 'routing'
  | 'webhooks'
  | 'automation'
  | 'security'
  | 'sso'
  | 'privacy';

/** The shop's settings, one section per tab; sections a role may not see are not offered. */
export function SettingsPage({ tab, sub }: { tab: string | null; sub: string | null }) {
  const t = useT(T);
  const me = useMe();
  const tabs: Tab[] = [
    'shop',
    'warehouses',
    'reasons',
    ...(can(me.role, 'staff.manage') ? (['staff'] as const) : []),
    ...(can(me.role, 'api_keys.manage') ? (['api-keys'] as const) : []),
    'inspection',
    ...(can(me.role, 'payments.manage') ? (['payments'] as const) : []),
    ...(can(me.role, 'settings.read') ? (['connections', 'carriers', 'routing'] as const) : []),
    ...(can(me.role, 'policy.read') ? (['automation'] as const) : []),
    ...(can(me.role, 'webhooks.manage') ? (['webhooks'] as const) : []),
    ...(can(me.role, 'staff.manage') ? (['security'] as const) : []),
    ...(can(me.role, 'settings.manage') ? (['sso'] as const) : []),
    ...(can(me.role, 'settings.manage') ? (['privacy'] as const) : []),
  ];
  const current = (tabs as string[]).includes(tab ?? '') ? (tab as Tab) : 'shop';
  return (
    <>
      <h1>{t.title}</h1>
      <nav className="tabs" aria-label={t.tabs}>
        {tabs.map((k) => (
          <a key={k} {...linkProps(`/settings/${k}`)} aria-current={k === current ? 'page' : undefined}>
            {t[k]}
          </a>
        ))}
      </nav>
      {current === 'shop' && <ShopTab />}
      {current === 'warehouses' && <WarehousesTab />}
      {current === 'reasons' && <ReasonsTab />}
      {current === 'staff' && <StaffTab />}
      {current === 'api-keys' && <ApiKeysTab />}
      {current === 'inspection' && <InspectionTab />}
      {current === 'payments' && <PaymentsTab />}
      {current === 'connections' && <ConnectionsTab connectionId={sub} />}
      {current === 'carriers' && <CarriersTab />}
      {current === 'routing' && <RoutingTab />}
      {current === 'webhooks' && <WebhooksTab />}
      {current === 'automation' && <AutomationTab />}
      {current === 'security' && <SecurityTab />}
      {current === 'sso' && <SsoTab />}
      {current === 'privacy' && <PrivacyTab />}
    </>
  );
}

import { can, type Permission } from '../access.js';
import { useT } from '../i18n.js';
import { linkProps } from '../router.js';
import { useMe } from '../session.js';
import { RiskCustomersTab } from './risk/RiskCustomersTab.js';
import { RiskExportTab } from './risk/RiskExportTab.js';
import { RiskListsTab } from './risk/RiskListsTab.js';
import { RiskReturnsTab } from './risk/RiskReturnsTab.js';
import { RiskSettingsTab } from './risk/RiskSettingsTab.js';
import { RISK_TEXTS } from './risk/riskTexts.js';

const TABS = [
  { key: 'returns', permission: 'risk.read' },
  { key: 'customers', permission: 'risk.read' },
  { key: 'lists', permission: 'risk.read' },
  { key: 'settings', permission: 'risk.read' },
  { key: 'export', permission: 'risk.export' },
] as const satisfies readonly { key: string; permission: Permission }[];
type Tab = (typeof TABS)[number]['key'];

/** Fraud and abuse: returns and customers by risk, the block and allow lists, how the score is
 * weighed, and the suppression export; a tab per view the role may open. */
export function RiskPage({ tab }: { tab: string | null }) {
  const t = useT(RISK_TEXTS);
  const me = useMe();
  const tabs = TABS.filter((x) => can(me.role, x.permission));
  const current: Tab = tabs.find((x) => x.key === tab)?.key ?? 'returns';
  return (
    <>
      <h1>{t.title}</h1>
      <nav className="tabs" aria-label={t.tabs}>
        {tabs.map((x) => (
          <a key={x.key} {...linkProps(`/risk/${x.key}`)} aria-current={x.key === current ? 'page' : undefined}>
            {t[x.key]}
          </a>
        ))}
      </nav>
      <p className="muted">{t.intro}</p>
      {current === 'returns' && <RiskReturnsTab />}
      {current === 'customers' && <RiskCustomersTab />}
      {current === 'lists' && <RiskListsTab />}
      {current === 'settings' && <RiskSettingsTab />}
      {current === 'export' && <RiskExportTab />}
    </>
  );
}

import { lazy, Suspense, useCallback, useEffect, useState } from 'react';
import type { WhoAmI } from '../../../src/http/routes/admin/auth/schema.js';
import { can, type Permission } from './access.js';
import { api, setCsrf, whenSignedOut, whenTwoFactorRequired } from './api.js';
import { detectLang, LANGS, type Lang, LangContext, texts, useT } from './i18n.js';
import { AccessLogPage } from './pages/AccessLogPage.js';
import { ClaimsPage } from './pages/ClaimsPage.js';
import { CustomerPage } from './pages/CustomerPage.js';
import { CustomersPage } from './pages/CustomersPage.js';
import { ExchangesPage } from './pages/ExchangesPage.js';
import { FinancePage } from './pages/FinancePage.js';
import { LoginPage } from './pages/LoginPage.js';
import { MailPage } from './pages/MailPage.js';
import { type NotificationPage, NotificationsPage } from './pages/NotificationsPage.js';
import { PoliciesPage } from './pages/PoliciesPage.js';
import { ProductsPage } from './pages/ProductsPage.js';
import { QueuePage } from './pages/QueuePage.js';
import { ReceivePage } from './pages/ReceivePage.js';
import { ReturnPage } from './pages/ReturnPage.js';
import { RiskPage } from './pages/RiskPage.js';
import { SecurityPage, TwoFactorRequiredPage } from './pages/SecurityPage.js';
import { SessionsPage } from './pages/SessionsPage.js';
import { SettingsPage } from './pages/SettingsPage.js';
import { StockPage } from './pages/StockPage.js';
import { StorePage } from './pages/StorePage.js';
import { linkProps, navigate, usePath } from './router.js';
import { SessionContext, type StaffUser } from './session.js';
import { Loading } from './ui/States.js';

// The analytics dashboards and their charting library load only when that section opens.
const AnalyticsPage = lazy(() => import('./pages/AnalyticsPage.js'));

const T = texts({
  en: {
    skip: 'Skip to content',
    nav: 'Back office',
    queue: 'Returns',
    receive: 'Receiving',
    stock: 'Stock',
    products: 'Products',
    store: 'Store counter',
    exchanges: 'Exchanges',
    claims: 'Claims',
    customers: 'Customers',
    risk: 'Risk',
    mail: 'E-mail',
    finance: 'Finance',
    analytics: 'Analytics',
    policies: 'Policies',
    settings: 'Settings',
    accessLog: 'Access log',
    sessions: 'Sessions',
    signOut: 'Sign out',
    notifications: 'Notifications',
    security: 'Security',
    unseen: '{n} new',
    language: 'Language',
    notFound: 'This page does not exist.',
    forbidden: 'Your role may not open this page.',
  },
  nl: {
    skip: 'Naar de inhoud',
    nav: 'Backoffice',
    queue: 'Retouren',
    receive: 'Ontvangst',
    stock: 'Voorraad',
    products: 'Producten',
    store: 'Winkelbalie',
    exchanges: 'Ruilingen',
    claims: 'Claims',
    customers: 'Klanten',
    risk: 'Risico',
    mail: 'E-mail',
    finance: 'Financiën',
    analytics: 'Analyse',
    policies: 'Beleid',
    settings: 'Instellingen',
    accessLog: 'Toegangslog',
    sessions: 'Sessies',
    signOut: 'Uitloggen',
    notifications: 'Meldingen',
    security: 'Beveiliging',
    unseen: '{n} nieuw',
    language: 'Taal',
    notFound: 'Deze pagina bestaat niet.',
    forbidden: 'Je rol mag deze pagina niet openen.',
  },
});

interface Section {
  path: string;
  key:
    | 'queue'
    | 'receive'
    | 'store'
    | 'stock'
    | 'products'
    | 'exchanges'
    | 'claims'
    | 'customers'
    | 'risk'
    | 'mail'
    | 'finance'
    | 'analytics'
    | 'policies'
    | 'settings'
    | 'accessLog';
  permission: Permission;
}

/** The sections a role sees in the navigation; a role without the permission never sees the link. */
const SECTIONS: Section[] = [
  { path: '/', key: 'queue', permission: 'returns.read' },
  { path: '/receive', key: 'receive', permission: 'returns.receive' },
  { path: '/store', key: 'store', permission: 'store.returns' },
  { path: '/stock', key: 'stock', permission: 'stock.read' },
  { path: '/products', key: 'products', permission: 'catalog.read' },
  { path: '/exchanges', key: 'exchanges', permission: 'exchanges.read' },
  { path: '/claims', key: 'claims', permission: 'returns.read' },
  { path: '/customers', key: 'customers', permission: 'customers.read' },
  { path: '/risk', key: 'risk', permission: 'risk.read' },
  { path: '/mail', key: 'mail', permission: 'emails.read' },
  { path: '/finance', key: 'finance', permission: 'finance.read' },
  // Agents see the operations dashboards (processing, forecast) only; the page offers what the role may open.
  { path: '/analytics', key: 'analytics', permission: 'analytics.operations' },
  { path: '/policies', key: 'policies', permission: 'policy.read' },
  { path: '/settings', key: 'settings', permission: 'settings.read' },
  { path: '/access-log', key: 'accessLog', permission: 'audit.read' },
];

function sectionOf(path: string): Section | undefined {
  const first = `/${path.split('/')[1] ?? ''}`;
  if (first === '/' || first === '/returns') return SECTIONS[0];
  return SECTIONS.find((s) => s.path === first);
}

function Page({ path }: { path: string }) {
  const parts = path.split('/').filter(Boolean);
  const [section, id, sub] = parts;
  if (!section) return <QueuePage />;
  if (section === 'returns' && id) return <ReturnPage returnId={id} />;
  if (section === 'receive') return <ReceivePage returnId={id ?? null} />;
  if (section === 'stock') return <StockPage />;
  if (section === 'products') return <ProductsPage productId={id ?? null} />;
  if (section === 'store') return <StorePage sub={id ?? null} />;
  if (section === 'exchanges') return <ExchangesPage status={id ?? null} />;
  if (section === 'claims') return <ClaimsPage status={id ?? null} />;
  if (section === 'mail') return <MailPage sub={id ?? null} />;
  if (section === 'finance') return <FinancePage />;
  if (section === 'analytics')
    return (
      <Suspense fallback={<Loading />}>
        <AnalyticsPage tab={id ?? null} />
      </Suspense>
    );
  if (section === 'customers') return id ? <CustomerPage customerId={id} /> : <CustomersPage />;
  if (section === 'risk') return <RiskPage tab={id ?? null} />;
  if (section === 'policies') return <PoliciesPage versionId={id ?? null} />;
  if (section === 'access-log') return <AccessLogPage />;
  if (section === 'settings') return <SettingsPage tab={id ?? null} sub={sub ?? null} />;
  return null;
}

/** The count of unseen notifications beside the bell: looked at on every page change and once a minute. */
function useUnseenCount(path: string) {
  const [unseen, setUnseen] = useState(0);
  const clearUnseen = useCallback(() => setUnseen(0), []);
  const refreshUnseen = useCallback(() => {
    api<NotificationPage>('GET', '/notifications?limit=1').then(
      (p) => setUnseen(p.unread),
      () => undefined,
    );
  }, []);
  // biome-ignore lint/correctness/useExhaustiveDependencies: a page change is the moment to look again
  useEffect(() => {
    refreshUnseen();
  }, [path, refreshUnseen]);
  useEffect(() => {
    const timer = setInterval(refreshUnseen, 60_000);
    return () => clearInterval(timer);
  }, [refreshUnseen]);
  return { unseen, clearUnseen };
}

/** The notifications link with its count, the language, who is signed in and signing out. */
function UserMenu({
  me,
  lang,
  setLang,
  onSignOut,
  unseen,
  current,
}: {
  me: StaffUser;
  lang: Lang;
  setLang: (l: Lang) => void;
  onSignOut: () => void;
  unseen: number;
  current: boolean;
}) {
  const t = useT(T);
  return (
    <div className="who">
      <a className="notifications" {...linkProps('/notifications')} aria-current={current ? 'page' : undefined}>
        {t.notifications}
        {unseen > 0 && <span className="count"> {t.unseen.replace('{n}', String(unseen))}</span>}
      </a>
      <label className="inline">
        <span className="sr-only">{t.language}</span>
        <select value={lang} onChange={(e) => setLang(e.target.value as Lang)} aria-label={t.language}>
          {LANGS.map((l) => (
            <option key={l} value={l}>
              {l.toUpperCase()}
            </option>
          ))}
        </select>
      </label>
      <a {...linkProps('/security')}>{t.security}</a>
      <a {...linkProps('/sessions')}>{t.sessions}</a>
      <span className="user" title={me.email}>
        {me.name} <small>({me.role})</small>
      </span>
      <button type="button" onClick={onSignOut}>
        {t.signOut}
      </button>
    </div>
  );
}

/** The frame of every page: the sections the role may open, the user's menu and the page itself. */
function Shell({
  me,
  lang,
  setLang,
  onSignOut,
}: {
  me: StaffUser;
  lang: Lang;
  setLang: (l: Lang) => void;
  onSignOut: () => void;
}) {
  const t = useT(T);
  const path = usePath();
  const section = sectionOf(path);
  const notificationsOpen = path.startsWith('/notifications');
  const securityOpen = path === '/security';
  const sessionsOpen = path === '/sessions';
  const allowed = section ? can(me.role, section.permission) : false;
  const { unseen, clearUnseen } = useUnseenCount(path);
  // The landing page is the returns queue; a role that may not read it (a store's staff) lands on
  // the first page it may open, the store counter.
  useEffect(() => {
    if (path !== '/' || can(me.role, 'returns.read')) return;
    const home = SECTIONS.find((s) => s.path !== '/' && can(me.role, s.permission));
    if (home) navigate(home.path, { replace: true });
  }, [path, me.role]);
  useEffect(() => {
    const page = notificationsOpen
      ? t.notifications
      : securityOpen
        ? t.security
        : sessionsOpen
          ? t.sessions
          : section
            ? t[section.key]
            : 'Retour';
    document.title = `${page} · Retour`;
  }, [section, t, notificationsOpen, securityOpen, sessionsOpen]);
  return (
    <>
      <a className="skip" href="#main">
        {t.skip}
      </a>
      <header className="top">
        <a className="brand" {...linkProps('/')}>
          Retour
        </a>
        <nav aria-label={t.nav}>
          <ul>
            {SECTIONS.filter((s) => can(me.role, s.permission)).map((s) => (
              <li key={s.key}>
                <a {...linkProps(s.path)} aria-current={section?.key === s.key ? 'page' : undefined}>
                  {t[s.key]}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <UserMenu me={me} lang={lang} setLang={setLang} onSignOut={onSignOut} unseen={unseen} current={notificationsOpen} />
      </header>
      <main id="main" tabIndex={-1}>
        {notificationsOpen ? (
          <NotificationsPage onSeen={clearUnseen} />
        ) : securityOpen ? (
          <SecurityPage />
        ) : sessionsOpen ? (
          <SessionsPage />
        ) : !section ? (
          <p className="state">{t.notFound}</p>
        ) : !allowed ? (
          <p className="state">{t.forbidden}</p>
        ) : (
          <Page path={path} />
        )}
      </main>
    </>
  );
}

export function App() {
  const [lang, setLangState] = useState<Lang>(detectLang);
  const [me, setMe] = useState<StaffUser | null | undefined>(undefined);
  // The role must use two-factor sign-in and it is not set up: only enrolment is open.
  const [enrolOnly, setEnrolOnly] = useState(false);
  const setLang = (l: Lang) => {
    localStorage.setItem('retour.admin.lang', l);
    setLangState(l);
  };
  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);
  useEffect(() => {
    whenSignedOut(() => setMe(null));
    whenTwoFactorRequired(() => setEnrolOnly(true));
    api<WhoAmI>('GET', '/auth/me')
      .then((res) => {
        if (res.kind === 'staff') {
          setCsrf(res.csrfToken);
          setEnrolOnly(res.enrolOnly === true);
          setMe(res.user);
        } else setMe(null);
      })
      .catch(() => setMe(null));
  }, []);

  async function signOut() {
    await api('POST', '/auth/logout', {}).catch(() => undefined);
    setCsrf(null);
    setMe(null);
  }

  return (
    <LangContext.Provider value={lang}>
      {me === undefined ? (
        <main>
          <Loading />
        </main>
      ) : me === null ? (
        <LoginPage
          onSignedIn={(user, mustEnrol) => {
            setEnrolOnly(mustEnrol);
            setMe(user);
          }}
        />
      ) : enrolOnly ? (
        <TwoFactorRequiredPage onEnrolled={() => setEnrolOnly(false)} onSignOut={signOut} />
      ) : (
        <SessionContext.Provider value={me}>
          <Shell me={me} lang={lang} setLang={setLang} onSignOut={signOut} />
        </SessionContext.Provider>
      )}
    </LangContext.Provider>
  );
}

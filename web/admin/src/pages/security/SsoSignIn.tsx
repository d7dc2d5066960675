import type { SsoSignInOption } from '../../../../../src/http/routes/admin/sso/schema.js';
import { api } from '../../api.js';
import { texts, useT } from '../../i18n.js';
import { useLoad } from '../../ui/useLoad.js';

const T = texts({
  en: { signInWith: 'Sign in with {name}', or: 'or with your e-mail and password' },
  nl: { signInWith: 'Inloggen met {name}', or: 'of met je e-mailadres en wachtwoord' },
});

/** What a refusal of the sign-in through the provider means, by its problem code. */
const ERRORS = texts({
  en: {
    SSO_NO_ROLE: 'You are in no group that has a role in Retour. Ask an admin to add you to one.',
    SSO_DOMAIN_NOT_ALLOWED: 'Accounts of your e-mail domain may not sign in here.',
    SSO_USER_DEACTIVATED: 'Your staff account is deactivated.',
    SSO_USER_UNKNOWN: 'There is no staff account for you yet. Ask an admin to add you.',
    SSO_EMAIL_UNVERIFIED: 'Your identity provider has not verified your e-mail address.',
    SSO_EMAIL_MISSING: 'Your identity provider sent no e-mail address.',
    SSO_ACCESS_DENIED: 'The identity provider did not sign you in (cancelled, or no access to Retour).',
    SSO_STATE_INVALID: 'That sign-in took too long or was not started here. Try again.',
    SSO_RESPONSE_INVALID: 'The identity provider’s answer could not be checked. Start signing in again.',
    SSO_PROVIDER_ERROR: 'The identity provider could not sign you in just now. Try again later, or ask an admin.',
    SSO_DISCOVERY_FAILED: 'The identity provider cannot be reached just now. Try again later, or ask an admin.',
    SSO_NOT_ENABLED: 'Single sign-on is not set up for this shop. Sign in with your e-mail and password.',
    SSO_LAST_ADMIN:
      'Your groups at the identity provider no longer make you an admin, but you are the last one. Ask for your admin group back, or make someone else an admin first.',
    SSO_LINK_NEEDS_VERIFIED_EMAIL:
      'Your identity provider has not verified your e-mail address, so it cannot be linked to your staff account. Ask an admin.',
    PASSWORD_LOGIN_CLOSED: 'Sign in through the identity provider: this shop has closed sign-in with a password.',
    other: 'Signing in through the identity provider failed. Try again, or ask an admin.',
  },
  nl: {
    SSO_NO_ROLE: 'Je zit in geen groep met een rol in Retour. Vraag een beheerder je aan een groep toe te voegen.',
    SSO_DOMAIN_NOT_ALLOWED: 'Accounts van jouw e-maildomein mogen hier niet inloggen.',
    SSO_USER_DEACTIVATED: 'Je medewerkersaccount is gedeactiveerd.',
    SSO_USER_UNKNOWN: 'Er is nog geen medewerkersaccount voor je. Vraag een beheerder je toe te voegen.',
    SSO_EMAIL_UNVERIFIED: 'Je identiteitsprovider heeft je e-mailadres niet bevestigd.',
    SSO_EMAIL_MISSING: 'Je identiteitsprovider stuurde geen e-mailadres.',
    SSO_ACCESS_DENIED: 'De identiteitsprovider heeft je niet aangemeld (geannuleerd, of geen toegang tot Retour).',
    SSO_STATE_INVALID: 'Die aanmelding duurde te lang of is hier niet begonnen. Probeer het opnieuw.',
    SSO_RESPONSE_INVALID: 'Het antwoord van de identiteitsprovider kon niet worden gecontroleerd. Begin opnieuw met inloggen.',
    SSO_PROVIDER_ERROR: 'De identiteitsprovider kon je nu niet aanmelden. Probeer het later opnieuw of vraag een beheerder.',
    SSO_DISCOVERY_FAILED: 'De identiteitsprovider is nu niet bereikbaar. Probeer het later opnieuw of vraag een beheerder.',
    SSO_NOT_ENABLED: 'Single sign-on is niet ingesteld voor deze winkel. Log in met je e-mailadres en wachtwoord.',
    SSO_LAST_ADMIN:
      'Je groepen bij de identiteitsprovider maken je geen beheerder meer, maar je bent de laatste. Vraag je beheerdersgroep terug, of maak eerst iemand anders beheerder.',
    SSO_LINK_NEEDS_VERIFIED_EMAIL:
      'Je identiteitsprovider heeft je e-mailadres niet bevestigd, dus het kan niet aan je medewerkersaccount worden gekoppeld. Vraag een beheerder.',
    PASSWORD_LOGIN_CLOSED: 'Log in via de identiteitsprovider: deze winkel heeft inloggen met een wachtwoord uitgezet.',
    other: 'Inloggen via de identiteitsprovider is mislukt. Probeer het opnieuw of vraag een beheerder.',
  },
});

type Outcome = { error: string | null; twoFactor: boolean };

/** What the provider's sign-in came back with, read once from the address (`?sso_error=…` or
 * `?sso=two-factor`), which is then cleaned so a reload does not show it again. */
export function ssoOutcome(): Outcome {
  const params = new URLSearchParams(window.location.search);
  const outcome = { error: params.get('sso_error'), twoFactor: params.get('sso') === 'two-factor' };
  if (outcome.error || outcome.twoFactor) window.history.replaceState(null, '', window.location.pathname);
  return outcome;
}

/** The words for a refusal code of the sign-in through the provider. */
export function useSsoErrorText(): (code: string) => string {
  const t = useT(ERRORS);
  return (code) => (Object.hasOwn(t, code) ? t[code as keyof typeof t] : t.other);
}

/** "Sign in with <provider>", when the shop set single sign-on up: a plain link, since the
 * browser leaves for the provider's own page. */
export function SsoButton() {
  const t = useT(T);
  const state = useLoad(() => api<SsoSignInOption>('GET', '/auth/sso'), []);
  if (!state.data?.enabled || !state.data.displayName) return null;
  return (
    <div className="sso">
      <a className="button primary" href="/api/v1/auth/sso/start">
        {t.signInWith.replace('{name}', state.data.displayName)}
      </a>
      <p className="muted">{t.or}</p>
    </div>
  );
}

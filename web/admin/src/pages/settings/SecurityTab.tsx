import { type FormEvent, useEffect, useState } from 'react';
import { STAFF_ROLES, type StaffRole } from '../../../../../src/domain/access.js';
import type { StaffUserListRow as Staff } from '../../../../../src/http/routes/admin/admin/schema.js';
import type { TwoFactorPolicy } from '../../../../../src/http/routes/admin/auth/twoFactorSchema.js';
import { api } from '../../api.js';
import { texts, useT } from '../../i18n.js';
import { ErrorBox, Loaded } from '../../ui/States.js';
import { useAction } from '../../ui/useAction.js';
import { useLabels } from '../../ui/useLabels.js';
import { useLoad } from '../../ui/useLoad.js';

const T = texts({
  en: {
    rolesTitle: 'Two-factor sign-in',
    rolesHelp:
      'Staff in these roles must sign in with a code from an authenticator app. Those without it set up are asked to at their next sign-in, and can do nothing else until they have.',
    rolesLegend: 'Roles that must use two-factor sign-in',
    save: 'Save',
    saved: 'Saved',
    resetTitle: 'Reset a staff member’s two-factor sign-in',
    resetHelp:
      'For someone who lost their phone and their recovery codes: they sign in with their password only, and set it up again.',
    resetFor: 'Reset two-factor sign-in for {name}',
    reset: 'Reset',
    done: 'Two-factor sign-in of {name} was reset.',
    on: 'On',
    off: 'Not set up',
    confirm:
      'Reset two-factor sign-in of {name}? Until they set it up again, their password alone signs them in. Do this only once you are sure it is them asking.',
    confirmReset: 'Yes, reset',
    cancel: 'Cancel',
  },
  nl: {
    rolesTitle: 'Inloggen in twee stappen',
    rolesHelp:
      'Medewerkers met deze rollen moeten inloggen met een code uit een authenticator-app. Wie dat nog niet heeft ingesteld, moet het bij de volgende keer inloggen doen en kan tot dan niets anders.',
    rolesLegend: 'Rollen die in twee stappen moeten inloggen',
    save: 'Opslaan',
    saved: 'Opgeslagen',
    resetTitle: 'Inloggen in twee stappen van een medewerker resetten',
    resetHelp: 'Voor wie telefoon en herstelcodes kwijt is: die logt dan in met alleen het wachtwoord en stelt het opnieuw in.',
    resetFor: 'Inloggen in twee stappen resetten voor {name}',
    reset: 'Resetten',
    done: 'Inloggen in twee stappen van {name} is gereset.',
    on: 'Aan',
    off: 'Niet ingesteld',
    confirm:
      'Inloggen in twee stappen van {name} resetten? Tot het opnieuw is ingesteld, logt alleen het wachtwoord in. Doe dit pas als je zeker weet dat die persoon het zelf vraagt.',
    confirmReset: 'Ja, resetten',
    cancel: 'Annuleren',
  },
});

/** Sign-in security: the roles that must use two-factor sign-in, and resetting a member's. */
export function SecurityTab() {
  const policy = useLoad(() => api<TwoFactorPolicy>('GET', '/settings/two-factor'), []);
  return (
    <>
      <Loaded state={policy}>{(p) => <RolesForm roles={p.roles} />}</Loaded>
      <ResetList />
    </>
  );
}

function RolesForm({ roles }: { roles: StaffRole[] }) {
  const t = useT(T);
  const label = useLabels();
  const action = useAction();
  const [chosen, setChosen] = useState<StaffRole[]>(roles);
  const [saved, setSaved] = useState(false);
  useEffect(() => setChosen(roles), [roles]);
  async function submit(e: FormEvent) {
    e.preventDefault();
    setSaved(false);
    if (await action.run(() => api('PUT', '/settings/two-factor', { roles: chosen }))) setSaved(true);
  }
  const toggle = (role: StaffRole, on: boolean) => setChosen(on ? [...chosen, role] : chosen.filter((r) => r !== role));
  return (
    <form className="card" onSubmit={submit} aria-labelledby="two-factor-roles-title">
      <h2 id="two-factor-roles-title">{t.rolesTitle}</h2>
      <p>{t.rolesHelp}</p>
      <fieldset className="choices">
        <legend>{t.rolesLegend}</legend>
        {STAFF_ROLES.map((role) => (
          <label key={role} className="check">
            <input type="checkbox" checked={chosen.includes(role)} onChange={(e) => toggle(role, e.target.checked)} />
            <span>{label.role(role)}</span>
          </label>
        ))}
      </fieldset>
      {action.error && <ErrorBox message={action.error} />}
      <button type="submit" className="primary" disabled={action.busy}>
        {t.save}
      </button>
      <span role="status">{saved ? t.saved : ''}</span>
    </form>
  );
}

function ResetList() {
  const t = useT(T);
  const staff = useLoad(() => api<Staff[]>('GET', '/staff'), []);
  const action = useAction();
  const [done, setDone] = useState<string | null>(null);
  // A reset lowers someone's protection to a password: it asks once more, naming whom.
  const [asking, setAsking] = useState<Staff | null>(null);
  const reset = (user: Staff) =>
    action.run(async () => {
      await api('POST', `/staff/${user.id}/two-factor/reset`, {});
      setAsking(null);
      setDone(t.done.replace('{name}', user.name));
      staff.reload();
    });
  return (
    <section className="card" aria-labelledby="two-factor-reset-title">
      <h2 id="two-factor-reset-title">{t.resetTitle}</h2>
      <p>{t.resetHelp}</p>
      <Loaded state={staff}>
        {(rows) => (
          <ul>
            {rows.map((user) => (
              <li key={user.id}>
                {user.name} ({user.email}) — {user.twoFactor ? t.on : t.off}{' '}
                {user.twoFactor && asking?.id !== user.id && (
                  <button
                    type="button"
                    onClick={() => {
                      setDone(null);
                      setAsking(user);
                    }}
                    disabled={action.busy}
                    aria-label={t.resetFor.replace('{name}', user.name)}
                  >
                    {t.reset}
                  </button>
                )}
                {asking?.id === user.id && (
                  <fieldset className="choices">
                    <legend>{t.confirm.replace('{name}', user.name)}</legend>
                    <button type="button" className="danger" onClick={() => reset(user)} disabled={action.busy}>
                      {t.confirmReset}
                    </button>{' '}
                    <button type="button" onClick={() => setAsking(null)} disabled={action.busy}>
                      {t.cancel}
                    </button>
                  </fieldset>
                )}
              </li>
            ))}
          </ul>
        )}
      </Loaded>
      {action.error && <ErrorBox message={action.error} />}
      <p role="status">{done ?? ''}</p>
    </section>
  );
}

import { can } from '../access.js';
import { api } from '../api.js';
import { useT } from '../i18n.js';
import { useMe } from '../session.js';
import type { PolicyExperimentList, PolicyVersionList } from '../types.js';
import { Loaded } from '../ui/States.js';
import { useLoad } from '../ui/useLoad.js';
import { Experiments } from './policy/Experiments.js';
import { PolicyVersionPage } from './policy/PolicyVersionPage.js';
import { POLICIES_TEXTS } from './policy/policiesTexts.js';
import { VersionsTable } from './policy/VersionsTable.js';

/** The policy's versions and experiments; a version opens in its own page (editor for drafts). */
export function PoliciesPage({ versionId }: { versionId: string | null }) {
  if (versionId) return <PolicyVersionPage versionId={versionId} />;
  return <PolicyList />;
}

function PolicyList() {
  const t = useT(POLICIES_TEXTS);
  const me = useMe();
  const state = useLoad(
    () =>
      Promise.all([api<PolicyVersionList>('GET', '/policy-versions'), api<PolicyExperimentList>('GET', '/policy-experiments')]),
    [],
  );
  return (
    <>
      <h1>{t.title}</h1>
      <Loaded state={state}>
        {([versions, experiments]) => (
          <>
            <VersionsTable versions={versions.items} />
            <Experiments
              experiments={experiments.items}
              versions={versions.items}
              manage={can(me.role, 'policy.manage')}
              reload={state.reload}
            />
          </>
        )}
      </Loaded>
    </>
  );
}

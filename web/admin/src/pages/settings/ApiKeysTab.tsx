import { useState } from 'react';
import { api } from '../../api.js';
import { useT } from '../../i18n.js';
import { Loaded } from '../../ui/States.js';
import { useAction } from '../../ui/useAction.js';
import { useLoad } from '../../ui/useLoad.js';
import { ApiKeysTable } from './apiKeys/ApiKeysTable.js';
import type { ApiKey } from './apiKeys/apiKeyModel.js';
import { API_KEY_TEXTS } from './apiKeys/apiKeyTexts.js';
import { NewKeyForm } from './apiKeys/NewKeyForm.js';

/** API keys for integrations: the secret is shown once at creation, never again. */
export function ApiKeysTab() {
  const state = useLoad(() => api<ApiKey[]>('GET', '/api-keys'), []);
  const action = useAction();
  const [secret, setSecret] = useState<string | null>(null);
  return (
    <>
      {secret && <SecretOnce key={secret} secret={secret} />}
      <Loaded state={state}>{(rows) => <ApiKeysTable rows={rows} action={action} reload={state.reload} />}</Loaded>
      <NewKeyForm
        action={action}
        onCreated={async (made) => {
          setSecret(made);
          await state.reload();
        }}
      />
    </>
  );
}

/** The new key's secret, to copy now: it is never shown again. */
function SecretOnce({ secret }: { secret: string }) {
  const t = useT(API_KEY_TEXTS);
  const [copied, setCopied] = useState(false);
  return (
    <section className="ok" role="status" aria-labelledby="key-title">
      <h2 id="key-title">{t.key}</h2>
      <p>
        <strong>{t.once}</strong>
      </p>
      <p>
        <code>{secret}</code>{' '}
        <button
          type="button"
          onClick={() => {
            void navigator.clipboard?.writeText(secret);
            setCopied(true);
          }}
        >
          {copied ? t.copied : t.copy}
        </button>
      </p>
    </section>
  );
}

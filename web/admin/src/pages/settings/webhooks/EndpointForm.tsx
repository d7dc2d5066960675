import { type FormEvent, useState } from 'react';
import { api } from '../../../api.js';
import { useT } from '../../../i18n.js';
import type { useAction } from '../../../ui/useAction.js';
import type { CreatedWebhookEndpoint } from './webhookModel.js';
import { WEBHOOK_TEXTS } from './webhookTexts.js';

/** A new endpoint: its URL and the event types it hears; its signing secret goes to `onCreated`. */
export function EndpointForm({
  action,
  onCreated,
}: {
  action: ReturnType<typeof useAction>;
  onCreated: (secret: string) => Promise<void>;
}) {
  const t = useT(WEBHOOK_TEXTS);
  const [form, setForm] = useState({ url: '', events: 'return.*' });

  async function submit(e: FormEvent) {
    e.preventDefault();
    const eventTypes = form.events
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    let secret = '';
    const ok = await action.run(async () => {
      const made = await api<CreatedWebhookEndpoint>('POST', '/webhook-endpoints', { url: form.url, eventTypes });
      secret = made.secret;
    });
    if (ok) {
      setForm({ url: '', events: 'return.*' });
      await onCreated(secret);
    }
  }

  return (
    <form onSubmit={submit} aria-label={t.add}>
      <h3>{t.add}</h3>
      <label>
        {t.url}
        <input
          type="url"
          required
          value={form.url}
          onChange={(e) => setForm({ ...form, url: e.target.value })}
          placeholder="https://"
        />
      </label>
      <label>
        {t.events}
        <input
          required
          value={form.events}
          onChange={(e) => setForm({ ...form, events: e.target.value })}
          aria-describedby="events-hint"
        />
      </label>
      <p id="events-hint" className="muted">
        {t.eventsHint}
      </p>
      <button type="submit" className="primary" disabled={action.busy}>
        {t.save}
      </button>
    </form>
  );
}

import { useState } from 'react';
import { can } from '../../access.js';
import { ApiError, type Problem, query } from '../../api.js';
import { texts, useT } from '../../i18n.js';
import { useMe } from '../../session.js';
import { ErrorBox } from '../../ui/States.js';
import { useAction } from '../../ui/useAction.js';

const T = texts({
  en: {
    title: 'Privacy',
    intro:
      'A shopper may ask for everything the shop keeps about them (GDPR). The export holds all their customer records with the same e-mail: data.json, a readable summary as HTML and PDF, and their photos. Each download is recorded in the access log.',
    language: 'Summary language',
    shopLanguage: "The shop's language",
    english: 'English',
    dutch: 'Dutch',
    download: 'Download data export',
    preparing: 'Preparing the export…',
    done: 'Downloaded {file}.',
  },
  nl: {
    title: 'Privacy',
    intro:
      'Een klant mag opvragen wat de winkel over hem bewaart (AVG). De export bevat al zijn klantgegevens met hetzelfde e-mailadres: data.json, een leesbare samenvatting als HTML en PDF, en zijn foto’s. Elke download komt in het toegangslog.',
    language: 'Taal van de samenvatting',
    shopLanguage: 'De taal van de winkel',
    english: 'Engels',
    dutch: 'Nederlands',
    download: 'Gegevensexport downloaden',
    preparing: 'De export wordt gemaakt…',
    done: '{file} gedownload.',
  },
});

/** The file a response names in its Content-Disposition. */
const fileNameOf = (res: Response) =>
  /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? 'personal-data.zip';

/** Fetches the export and hands it to the browser as a download: fetched rather than linked, so
 * the page can say it is being prepared (it may take a while) and show a refusal in words. */
async function downloadExport(customerId: string, lang: string): Promise<string> {
  const res = await fetch(`/api/v1/customers/${encodeURIComponent(customerId)}/privacy-export${query({ lang })}`, {
    credentials: 'same-origin',
  });
  if (!res.ok) {
    const problem = (await res.json().catch(() => null)) as Problem | null;
    throw new ApiError(problem ?? { status: res.status, code: 'NETWORK', title: res.statusText });
  }
  const file = fileNameOf(res);
  const url = URL.createObjectURL(await res.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = file;
  document.body.append(link);
  link.click();
  link.remove();
  // The browser has taken the file once the click is handled.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return file;
}

/** A customer's privacy rights, for admins: the GDPR access-request export. Erasure has its own
 * panel beside this one. */
export function PrivacyPanel({ customerId }: { customerId: string }) {
  const t = useT(T);
  const me = useMe();
  const action = useAction();
  const [lang, setLang] = useState('');
  const [downloaded, setDownloaded] = useState<string | null>(null);
  if (!can(me.role, 'privacy.manage')) return null;
  const start = () => {
    setDownloaded(null);
    void action.run(async () => setDownloaded(await downloadExport(customerId, lang)));
  };
  return (
    <section className="card" aria-labelledby="privacy-title">
      <h2 id="privacy-title">{t.title}</h2>
      <p>{t.intro}</p>
      <div className="toolbar">
        <label>
          <span>{t.language}</span>
          <select value={lang} onChange={(e) => setLang(e.target.value)}>
            <option value="">{t.shopLanguage}</option>
            <option value="en">{t.english}</option>
            <option value="nl">{t.dutch}</option>
          </select>
        </label>
        <button type="button" className="primary" onClick={start} disabled={action.busy} aria-busy={action.busy}>
          {t.download}
        </button>
      </div>
      <p role="status">{action.busy ? t.preparing : downloaded ? t.done.replace('{file}', downloaded) : ''}</p>
      {action.error && <ErrorBox message={action.error} />}
    </section>
  );
}

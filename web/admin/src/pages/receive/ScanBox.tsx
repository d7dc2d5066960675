import { type FormEvent, useEffect, useRef, useState } from 'react';
import { api, query } from '../../api.js';
import { texts, useT } from '../../i18n.js';
import { navigate } from '../../router.js';
import type { ScanMatches } from '../../types.js';
import { StatusBadge } from '../../ui/Badges.js';
import { ErrorBox } from '../../ui/States.js';
import { useAction } from '../../ui/useAction.js';

const T = texts({
  en: {
    label: 'Scan or type a return number, label barcode, QR code or tracking number',
    find: 'Find',
    none: 'Nothing found for',
    several: 'Several returns match; press its number key or click one:',
  },
  nl: {
    label: 'Scan of typ een retournummer, labelbarcode, QR-code of trackingnummer',
    find: 'Zoeken',
    none: 'Niets gevonden voor',
    several: 'Meerdere retouren gevonden; druk op het cijfer of klik er een aan:',
  },
});

type Match = ScanMatches['items'][number];

/** The station's entry: a scanner types the code and presses Enter, so the field has the focus
 * from the start and again after every return. */
export function ScanBox() {
  const t = useT(T);
  const input = useRef<HTMLInputElement>(null);
  const [code, setCode] = useState('');
  const [matches, setMatches] = useState<Match[] | null>(null);
  const [missing, setMissing] = useState<string | null>(null);
  const action = useAction();

  useEffect(() => input.current?.focus(), []);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const scanned = code.trim();
    if (!scanned) return;
    setMissing(null);
    setMatches(null);
    await action.run(async () => {
      const res = await api<ScanMatches>('GET', `/returns/scan${query({ code: scanned })}`);
      if (res.items.length === 1 && res.items[0]) navigate(`/receive/${res.items[0].id}`);
      else if (res.items.length === 0) setMissing(scanned);
      else setMatches(res.items);
      setCode('');
    });
  }

  function pick(e: React.KeyboardEvent) {
    const n = Number(e.key);
    const match = matches?.[n - 1];
    if (match) {
      e.preventDefault();
      navigate(`/receive/${match.id}`);
    }
  }

  return (
    <section className="card scan">
      <form onSubmit={submit}>
        <label>
          <span>{t.label}</span>
          <input
            ref={input}
            value={code}
            onChange={(e) => setCode(e.target.value)}
            onKeyDown={pick}
            autoComplete="off"
            spellCheck={false}
            aria-describedby="scan-result"
          />
        </label>
        <button type="submit" className="primary" disabled={action.busy}>
          {t.find}
        </button>
      </form>
      <div id="scan-result" aria-live="polite">
        {missing && (
          <p className="error">
            {t.none} “{missing}”
          </p>
        )}
        {matches && (
          <>
            <p>{t.several}</p>
            <ol>
              {matches.map((m) => (
                <li key={m.id}>
                  <button type="button" className="link" onClick={() => navigate(`/receive/${m.id}`)}>
                    {m.number}
                  </button>{' '}
                  (<span className="number">{m.orderNumber}</span>) <StatusBadge status={m.status} />
                </li>
              ))}
            </ol>
          </>
        )}
      </div>
      {action.error && <ErrorBox message={action.error} />}
    </section>
  );
}

import { useT } from '../../../i18n.js';
import type { ExpiryChoice } from './apiKeyModel.js';
import { API_KEY_TEXTS } from './apiKeyTexts.js';

/** Today as the browser's calendar has it (YYYY-MM-DD): the earliest date a key may expire on. */
function today(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** When a new key stops working: never, in 30, 90 or 365 days, or at the end of a chosen date. */
export function ExpiryPicker({
  choice,
  date,
  onChange,
}: {
  choice: ExpiryChoice;
  date: string;
  onChange: (choice: ExpiryChoice, date: string) => void;
}) {
  const t = useT(API_KEY_TEXTS);
  return (
    <>
      <label>
        <span>{t.expires}</span>
        <select value={choice} onChange={(e) => onChange(e.target.value as ExpiryChoice, date)}>
          <option value="never">{t.never}</option>
          <option value="30">{t.in30}</option>
          <option value="90">{t.in90}</option>
          <option value="365">{t.in365}</option>
          <option value="date">{t.onDate}</option>
        </select>
      </label>
      {choice === 'date' && (
        <label>
          <span>{t.expiryDate}</span>
          <input type="date" required min={today()} value={date} onChange={(e) => onChange(choice, e.target.value)} />
        </label>
      )}
    </>
  );
}

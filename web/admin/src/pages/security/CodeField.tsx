/** A field for a one-time code: digits from an authenticator app, or a recovery code. */
export function CodeField({
  id,
  label,
  value,
  onChange,
  recovery = false,
}: {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  recovery?: boolean;
}) {
  return (
    <label htmlFor={id}>
      <span>{label}</span>
      <input
        id={id}
        required
        autoComplete="one-time-code"
        inputMode={recovery ? 'text' : 'numeric'}
        pattern={recovery ? undefined : '[0-9 ]{6,7}'}
        maxLength={recovery ? 32 : 7}
        spellCheck={false}
        value={value}
        onChange={(e) => onChange(e.target.value)}
      />
    </label>
  );
}

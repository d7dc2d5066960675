/** A message the shopper must notice (screen readers announce it), or nothing. */
export function Alert({ message }: { message: string | null | false }) {
  return message ? (
    <p className="error" role="alert">
      {message}
    </p>
  ) : null;
}

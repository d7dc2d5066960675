import { useRef } from 'react';

/** The key for a request body: the one it had before if the same body was sent, else a new one. */
export function keyForBody(keys: Map<string, string>, body: unknown, newKey: () => string = () => crypto.randomUUID()) {
  const text = JSON.stringify(body);
  let key = keys.get(text);
  if (!key) {
    key = newKey();
    keys.set(text, key);
  }
  return key;
}

/**
 * One Idempotency-Key per request body a screen sends: a double click or a retry of the same
 * request reuses its key, so it creates one return, not two; once the shopper changes what they
 * send (say after an answer that was lost), the changed request gets a key of its own instead of
 * being refused as a reused key.
 */
export function useIdempotencyKeys(): (body: unknown) => string {
  const keys = useRef(new Map<string, string>());
  return (body) => keyForBody(keys.current, body);
}

/** Freezes a value and everything it holds, so that what is shared between callers (a parsed
 * policy document, effects worked out once for many lines) cannot be changed in place by one of
 * them. Returns the same value. Meant for plain data: objects, arrays and primitives. */
export function deepFreeze<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  return Object.freeze(value);
}

/** What kind of failure a domain or application error is; the HTTP layer maps it to a status. */
export type ErrorKind =
  | 'invalid' // 422: well-formed input the rules refuse
  | 'conflict' // 409: not allowed in the current state
  | 'not_found' // 404
  | 'unauthorized' // 401
  | 'forbidden' // 403
  | 'not_acceptable' // 406: the client cannot take what the route answers with
  | 'rate_limited'; // 429

export interface FieldIssue {
  path: string;
  message: string;
  code?: string;
}

/** An expected failure with a stable, documented code (e.g. `ILLEGAL_TRANSITION`). */
export class RetourError extends Error {
  constructor(
    readonly kind: ErrorKind,
    readonly code: string,
    message: string,
    readonly fields: FieldIssue[] = [],
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'RetourError';
  }
}

export const notFound = (what: string, id: string) =>
  new RetourError('not_found', `${what.toUpperCase().replace(/\s+/g, '_')}_NOT_FOUND`, `${what} ${id} does not exist`);

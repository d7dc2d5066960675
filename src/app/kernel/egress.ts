import { type LookupAddress, lookup } from 'node:dns';
import { lookup as lookupAsync } from 'node:dns/promises';
import { isIP } from 'node:net';
import { RetourError } from '../../domain/errors.js';
import { addressAllowed, type PrivateAllowance, parseAllowance, privateAddressKind } from '../../domain/networkAddress.js';

/**
 * The guard on every call Retour makes to an address staff gave (webhook endpoints; carrier, shop
 * and payment API addresses): none reaches a private or loopback address unless the installation
 * allows it (RETOUR_ALLOW_PRIVATE_URLS). URLs are checked when saved (a clear 422), and again at
 * every connection through `guardedLookup`, since a name may resolve elsewhere by then (DNS
 * rebinding).
 *
 * The allowance is the process's, set from its configuration when its context is assembled: the
 * adapters call out without a context, and every context of a process runs with one configuration.
 * Until then it is what the process's environment says.
 */
let allowance: PrivateAllowance = parseAllowance(process.env.RETOUR_ALLOW_PRIVATE_URLS);

/** Sets what this process may reach of private addresses (RETOUR_ALLOW_PRIVATE_URLS). */
export function allowPrivateUrls(raw: string | undefined): void {
  allowance = parseAllowance(raw);
}

/** The refusal a connection to a private address fails with. */
export class EgressRefused extends Error {
  readonly code = 'URL_NOT_ALLOWED';
  constructor(host: string, address: string) {
    super(
      `${host} resolves to ${address}, a ${privateAddressKind(address)} address Retour does not call (RETOUR_ALLOW_PRIVATE_URLS)`,
    );
    this.name = 'EgressRefused';
  }
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A `dns.lookup` for outgoing sockets (Node's http agents, undici's `connect.lookup`) that fails
 * when any address of the name is refused: the socket then never opens, whatever the name
 * resolved to when it was saved.
 */
export function guardedLookup(hostname: string, options: { all?: boolean; family?: number } | number, callback: LookupCallback) {
  const opts = typeof options === 'number' ? { family: options } : (options ?? {});
  lookup(hostname, { ...opts, all: true }, (err, addresses) => {
    if (err) return callback(err, []);
    const refused = addresses.find((a) => !addressAllowed(allowance, hostname, a.address));
    if (refused) return callback(Object.assign(new EgressRefused(hostname, refused.address), { code: 'URL_NOT_ALLOWED' }), []);
    if (opts.all) return callback(null, addresses);
    const first = addresses[0];
    if (!first) return callback(Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' }), []);
    callback(null, first.address, first.family);
  });
}

/** Throws EgressRefused when the URL's host is a private address written out: sockets skip the
 * lookup for a literal address, so guardedLookup never sees it. */
export function refuseLiteralTarget(url: string | URL): void {
  const host = (typeof url === 'string' ? new URL(url) : url).hostname.replace(/^\[|\]$/g, '');
  if (isIP(host) && !addressAllowed(allowance, host, host)) throw new EgressRefused(host, host);
}

/**
 * Why a URL given by staff cannot be called, or null when it can: http or https only, no user or
 * password in it, and a host that is no private address and resolves to none (unless allowed).
 * A name that does not resolve now is let through: the connection's own check still holds.
 */
export async function outboundUrlIssue(raw: string): Promise<string | null> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'not a URL';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'only http and https addresses are called';
  if (url.username || url.password) return 'a user or password does not belong in the address';
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (allowance.all) return null;
  let addresses: string[];
  if (isIP(host)) addresses = [host];
  else {
    try {
      addresses = (await lookupAsync(host, { all: true })).map((a) => a.address);
    } catch {
      return null;
    }
  }
  const refused = addresses.find((a) => !addressAllowed(allowance, host, a));
  if (!refused) return null;
  return `${host === refused ? refused : `${host} resolves to ${refused}, which`} is a ${privateAddressKind(refused)} address: Retour does not call those unless RETOUR_ALLOW_PRIVATE_URLS allows it`;
}

/** Refuses (422 URL_NOT_ALLOWED, naming `field`) a URL staff gave that Retour would not call. */
export async function assertOutboundUrl(raw: string | null | undefined, field: string): Promise<void> {
  if (raw === null || raw === undefined) return;
  const issue = await outboundUrlIssue(raw);
  if (issue)
    throw new RetourError('invalid', 'URL_NOT_ALLOWED', `The address in ${field} cannot be called: ${issue}`, [
      { path: field, message: issue, code: 'URL_NOT_ALLOWED' },
    ]);
}

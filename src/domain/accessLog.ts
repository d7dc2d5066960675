/** What the access log records: a return's or customer's detail opened, or a file exported. */
export const ACCESS_ACTIONS = ['return.viewed', 'customer.viewed', 'export'] as const;
export type AccessAction = (typeof ACCESS_ACTIONS)[number];

/** What a logged read was about. */
export const ACCESS_SUBJECTS = ['return', 'customer'] as const;
export type AccessSubject = (typeof ACCESS_SUBJECTS)[number];

/**
 * An IP address's network, the host part zeroed: IPv4 keeps its first three octets (a /24), IPv6
 * its first 48 bits (a site's prefix). Enough to tell the office from somewhere else, not enough
 * to name one device; the log is personal data of the staff in it. Anything unreadable is kept as
 * nothing rather than as given.
 */
export function ipNetwork(ip: string | null | undefined): string | null {
  const raw = ip?.trim().toLowerCase();
  if (!raw) return null;
  const v4 = /^(?:::ffff:)?(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(raw);
  if (v4) {
    const octets = v4.slice(1, 4).map(Number);
    return octets.every((o) => o <= 255) ? `${octets.join('.')}.0` : null;
  }
  if (!/^[0-9a-f:]+$/.test(raw) || !raw.includes(':')) return null;
  const [head = '', tail] = raw.split('::');
  const headGroups = head ? head.split(':') : [];
  const tailGroups = tail ? tail.split(':') : [];
  const missing = 8 - headGroups.length - tailGroups.length;
  if (missing < 0 || (tail === undefined && missing !== 0)) return null;
  const groups = [...headGroups, ...Array<string>(missing).fill('0'), ...tailGroups];
  if (groups.some((g) => g.length === 0 || g.length > 4)) return null;
  return `${groups
    .slice(0, 3)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/48`;
}

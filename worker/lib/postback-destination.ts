import ipaddr from 'ipaddr.js';

/**
 * Where an affiliate's outgoing postback may go. Checked when the URL is saved and again, filled,
 * right before each send. A deployed worker cannot resolve DNS, so only what the URL itself says is
 * judged: IP literals (in any form the URL parser accepts: decimal, hex, octal, IPv4-mapped IPv6)
 * and names that are never public. A public name that resolves to a private address is harmless in
 * production, where Cloudflare's fetch reaches only the public internet; the marker header stops a
 * name that leads back to a tracker.
 */
export interface DestinationPolicy {
  // This tracker's own origins (PUBLIC_URL, the request's origin): never a destination.
  ownOrigins: URL[];
  // Local demos only: loopback addresses (any port) are allowed, e.g. the demo advertiser.
  allowLoopback: boolean;
  // Ports besides the scheme's default that the admin allows.
  allowedPorts: number[];
}

// Sent with every outgoing postback; /postback refuses requests that carry it, so a URL leading back to a tracker cannot loop.
export const OUTGOING_POSTBACK_HEADER = 'x-tracker-outgoing-postback';

export interface DestinationSettings {
  PUBLIC_URL?: string | undefined;
  ALLOW_LOOPBACK_POSTBACKS?: string | undefined;
  POSTBACK_ALLOWED_PORTS?: string | undefined;
}

export function destinationPolicy(
  env: DestinationSettings,
  requestUrl?: string,
): DestinationPolicy {
  const ownOrigins = [env.PUBLIC_URL, requestUrl].flatMap((u) => (u ? [new URL(u)] : []));
  const allowedPorts = (env.POSTBACK_ALLOWED_PORTS ?? '')
    .split(',')
    .map((p) => Number(p.trim()))
    .filter((p) => Number.isInteger(p) && p > 0 && p < 65536);
  return { ownOrigins, allowLoopback: env.ALLOW_LOOPBACK_POSTBACKS === 'true', allowedPorts };
}

// Names that never lead to the public internet: loopback, mDNS, cloud metadata and other internal zones.
const INTERNAL_NAME = /(^|\.)(localhost|local|internal|intranet|lan|home\.arpa|localdomain)$/;

function hostOf(url: URL): string {
  return url.hostname
    .toLowerCase()
    .replace(/\.$/, '')
    .replace(/^\[(.*)\]$/, '$1');
}

function effectivePort(url: URL): string {
  return url.port || (url.protocol === 'https:' ? '443' : '80');
}

function ipOf(host: string): ipaddr.IPv4 | ipaddr.IPv6 | undefined {
  // process() turns an IPv4-mapped IPv6 address into the IPv4 address it carries.
  return ipaddr.isValid(host) ? ipaddr.process(host) : undefined;
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host.endsWith('.localhost') || ipOf(host)?.range() === 'loopback';
}

/** Why the URL must not be called, or undefined when it may be. */
export function destinationProblem(raw: string, policy: DestinationPolicy): string | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'is not a valid URL';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'must be an http or https URL';
  if (url.username || url.password) return 'must not contain a user name or password';
  const host = hostOf(url);
  const loopback = isLoopback(host);
  const own = policy.ownOrigins.some(
    (o) =>
      // On loopback several local services share the host, so only the same port is this tracker.
      hostOf(o) === host && (!loopback || effectivePort(o) === effectivePort(url)),
  );
  if (own) return 'points at this tracker itself';
  if (loopback) return policy.allowLoopback ? undefined : 'points at a loopback address';
  if (url.port && !policy.allowedPorts.includes(Number(url.port))) {
    return `uses port ${url.port}; only the default port is allowed (the admin can allow more with POSTBACK_ALLOWED_PORTS)`;
  }
  const ip = ipOf(host);
  if (ip) {
    const range = ip.range();
    return range === 'unicast' ? undefined : `points at a non-public address (${range})`;
  }
  if (!host.includes('.') || INTERNAL_NAME.test(host)) return 'points at an internal host name';
  return undefined;
}

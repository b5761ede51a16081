import { BlockList, isIP } from 'node:net';
import { SourceRefusedError } from './errors';

/**
 * Where recordings may be pulled from (SSRF rules, N17). A provider's URL is fetched only if
 * - its scheme is https (plain http only for an explicitly trusted local endpoint),
 * - its host is on the allow-list (`host` exactly, or `*.example.com` for subdomains),
 * - it carries no user name or password (credentials come from Secrets Manager),
 * - and every address its host resolves to is public: no loopback, private, link-local
 *   (169.254.0.0/16, cloud metadata), CGNAT, multicast or reserved address — checked again at
 *   connect time for each redirect hop, so DNS rebinding cannot slip past the check.
 */
export interface SourcePolicy {
  allowedHosts: readonly string[];
  /**
   * `host:port` endpoints that may be reached over plain http and on a non-public address.
   * Empty in production; tests and local mode name their own local server here.
   */
  trustedLocalEndpoints?: readonly string[];
}

export function parseHostList(text: string | undefined): string[] {
  return (text ?? '')
    .split(',')
    .map((host) => host.trim().toLowerCase())
    .filter(Boolean);
}

function endpointOf(url: URL): string {
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  return `${url.hostname.replace(/^\[|\]$/g, '')}:${port}`;
}

function hostAllowed(host: string, allowed: readonly string[]): boolean {
  return allowed.some((pattern) =>
    pattern.startsWith('*.')
      ? host.endsWith(pattern.slice(1)) && host.length > pattern.length - 1
      : host === pattern,
  );
}

/** Whether this URL's endpoint is one of the explicitly trusted local endpoints. */
export function isTrustedLocal(url: URL, policy: SourcePolicy): boolean {
  return (policy.trustedLocalEndpoints ?? []).includes(endpointOf(url));
}

/**
 * Check a recording URL against the policy (without resolving it). `field` names the place it
 * came from in error messages. The message names the host, never the path or query (they may
 * carry access tokens).
 */
export function checkSourceUrl(raw: string, policy: SourcePolicy, field = 'data.url'): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new SourceRefusedError(field, 'is not a valid absolute URL');
  }
  const host = url.hostname.toLowerCase();
  const trusted = isTrustedLocal(url, policy);
  if (url.protocol !== 'https:' && !(trusted && url.protocol === 'http:')) {
    throw new SourceRefusedError(field, `must use https, got ${url.protocol.replace(':', '')}`);
  }
  if (url.username || url.password) {
    throw new SourceRefusedError(
      field,
      'must not carry a user name or password; credentials are configured per host',
    );
  }
  if (!trusted && !hostAllowed(host, policy.allowedHosts)) {
    throw new SourceRefusedError(
      field,
      `host ${host} is not on the recording source allow-list (${policy.allowedHosts.join(', ') || 'empty'}); ask ops to add it`,
    );
  }
  if (!trusted && isIP(host.replace(/^\[|\]$/g, '')) && !isPublicAddress(host.replace(/^\[|\]$/g, ''))) {
    throw new SourceRefusedError(field, `address ${host} is not a public address`);
  }
  return url;
}

const blocked = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8], // "this" network
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local, incl. 169.254.169.254 instance metadata
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved + broadcast
] as const) {
  blocked.addSubnet(net, prefix, 'ipv4');
}
for (const [net, prefix] of [
  ['::', 128], // unspecified
  ['::1', 128], // loopback
  ['64:ff9b::', 96], // NAT64 can reach IPv4 private space
  ['100::', 64], // discard
  ['2001:db8::', 32], // documentation
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['ff00::', 8], // multicast
  ['fd00:ec2::', 32], // EC2 IPv6 metadata endpoint (inside fc00::/7, kept explicit)
] as const) {
  blocked.addSubnet(net, prefix, 'ipv6');
}

/** True only for a public unicast address. IPv4-mapped IPv6 (::ffff:a.b.c.d) is judged as IPv4. */
export function isPublicAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  const ip = mapped?.[1] ?? address;
  const family = isIP(ip);
  if (family === 0) return false;
  return !blocked.check(ip, family === 4 ? 'ipv4' : 'ipv6');
}

/**
 * May the fetcher connect to `address` for `url`? Public addresses always; anything else only
 * for an explicitly trusted local endpoint.
 */
export function mayConnect(url: URL, address: string, policy: SourcePolicy): boolean {
  return isPublicAddress(address) || isTrustedLocal(url, policy);
}

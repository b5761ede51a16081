import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';
import { SourceRefusedError } from './errors';

/**
 * Where recordings may be pulled from (SSRF rules, N17). A provider's URL is fetched only if
 * - its scheme is https on port 443 (plain http or another port only for an explicitly trusted
 *   local endpoint),
 * - its host is on the allow-list (`host` exactly, or `*.example.com` for subdomains),
 * - it carries no user name or password (credentials come from Secrets Manager),
 * - and every address its host resolves to is globally routable unicast (`isPublicAddress`) —
 *   checked again at connect time for each redirect hop, so DNS rebinding cannot slip past.
 */
export interface SourcePolicy {
  allowedHosts: readonly string[];
  /**
   * `host:port` endpoints that may be reached over plain http and on a non-public address.
   * Empty in production; tests and local mode name their own local server here.
   */
  trustedLocalEndpoints?: readonly string[];
}

/**
 * The source policy from the environment (shared/recordings/env.ts names the variables). It lives
 * here, not in env.ts, so a function that only reads that environment does not bundle ipaddr.js.
 */
export function sourcePolicyFrom(env: {
  RECORDING_SOURCE_HOSTS: string;
  RECORDING_TRUSTED_LOCAL_ENDPOINTS: string;
}): SourcePolicy {
  return {
    allowedHosts: parseHostList(env.RECORDING_SOURCE_HOSTS),
    trustedLocalEndpoints: parseHostList(env.RECORDING_TRUSTED_LOCAL_ENDPOINTS),
  };
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
function isTrustedLocal(url: URL, policy: SourcePolicy): boolean {
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
  if (!trusted && url.port !== '') {
    // WHATWG URL drops the default port, so any port here is not 443.
    throw new SourceRefusedError(field, `must use port 443, got ${url.port}`);
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

const GLOBAL_UNICAST_V6 = ipaddr.parseCIDR('2000::/3');

/**
 * True only for a globally routable unicast address, judged by `ipaddr.js`'s maintained table of
 * special-purpose ranges (IANA registries): IPv4 must be in its `unicast` range (no private,
 * loopback, link-local, CGNAT, multicast, broadcast, reserved, documentation, benchmarking …);
 * IPv6 must be in its `unicast` range *and* inside the global unicast block 2000::/3 — so the
 * deprecated IPv4-compatible form (`::127.0.0.1`), NAT64 (`64:ff9b::/96`, `64:ff9b:1::/48`),
 * 6to4 (`2002::/16`), Teredo, SIIT (`::ffff:0:a.b.c.d`), site-local (`fec0::/10`), ULA and
 * link-local are all refused. An IPv4-mapped address (`::ffff:a.b.c.d`) is judged as its IPv4.
 */
export function isPublicAddress(address: string): boolean {
  const bare = address.replace(/^\[|\]$/g, '');
  if (isIP(bare.split('%')[0] ?? '') === 0) return false;
  let ip: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    ip = ipaddr.parse(bare);
  } catch {
    return false;
  }
  if (ip.kind() === 'ipv6') {
    const v6 = ip as ipaddr.IPv6;
    if (v6.isIPv4MappedAddress()) return v6.toIPv4Address().range() === 'unicast';
    if (v6.zoneId) return false;
    return v6.range() === 'unicast' && v6.match(GLOBAL_UNICAST_V6);
  }
  return ip.range() === 'unicast';
}

/**
 * May the fetcher connect to `address` for `url`? Public addresses always; anything else only
 * for an explicitly trusted local endpoint.
 */
export function mayConnect(url: URL, address: string, policy: SourcePolicy): boolean {
  return isPublicAddress(address) || isTrustedLocal(url, policy);
}

import ipaddr from 'ipaddr.js';

type Address = ipaddr.IPv4 | ipaddr.IPv6;

/**
 * The deny table of docs/security.md §2.3, on top of "only ipaddr.js's `unicast` range": ranges that
 * ipaddr.js may call unicast in some version, or that we want named in the log.
 */
const DENIED_CIDRS: readonly [string, string][] = [
  ['0.0.0.0/8', 'this network'],
  ['10.0.0.0/8', 'private'],
  ['100.64.0.0/10', 'carrier-grade NAT'],
  ['127.0.0.0/8', 'loopback'],
  ['169.254.0.0/16', 'link-local (cloud metadata)'],
  ['172.16.0.0/12', 'private'],
  ['192.0.0.0/24', 'IETF protocol assignments'],
  ['192.0.2.0/24', 'documentation'],
  ['192.168.0.0/16', 'private'],
  ['198.18.0.0/15', 'benchmarking'],
  ['198.51.100.0/24', 'documentation'],
  ['203.0.113.0/24', 'documentation'],
  ['224.0.0.0/4', 'multicast'],
  ['240.0.0.0/4', 'reserved'],
  ['::/128', 'unspecified'],
  ['::1/128', 'loopback'],
  ['fc00::/7', 'unique local'],
  ['fe80::/10', 'link-local'],
  ['ff00::/8', 'multicast'],
  ['2001:db8::/32', 'documentation'],
  ['fd00:ec2::254/128', 'cloud metadata'],
];

const DENIED = DENIED_CIDRS.map(([cidr, why]) => ({ range: ipaddr.parseCIDR(cidr), why }));

/** Names that mean this machine whatever DNS says (RFC 6761 §6.3): never sent to a resolver. */
export function isLocalhostName(host: string): boolean {
  return /^(?:.+\.)?localhost\.?$/i.test(host);
}

/**
 * Decides which resolved addresses a connector may connect to: public unicast addresses, and
 * addresses inside the admin's allowlist (`CONNECTOR_ALLOWED_NETWORKS`). IPv4-mapped (::ffff:a.b.c.d)
 * and NAT64 (64:ff9b::/96) addresses are judged by the IPv4 address they carry.
 */
export class AddressPolicy {
  private readonly allowed: [Address, number][];

  constructor(allowedNetworks: readonly string[]) {
    this.allowed = allowedNetworks.map((cidr) => ipaddr.parseCIDR(cidr.trim()));
  }

  /** Null when the address may be reached, else why not (for the server's log only). */
  denialReason(address: string): string | null {
    if (!ipaddr.isValid(address)) return 'not an IP address';
    const parsed = ipaddr.parse(address);
    const judged = embeddedIpv4(parsed) ?? parsed;
    if ([parsed, judged].some((a) => this.allowed.some((network) => matches(a, network)))) return null;
    const denied = DENIED.find(({ range }) => matches(judged, range));
    if (denied) return denied.why;
    return judged.range() === 'unicast' ? null : judged.range();
  }
}

function embeddedIpv4(address: Address): ipaddr.IPv4 | null {
  if (address.kind() !== 'ipv6') return null;
  const v6 = address as ipaddr.IPv6;
  if (v6.isIPv4MappedAddress()) return v6.toIPv4Address();
  if (v6.range() === 'rfc6052') return ipaddr.fromByteArray(v6.toByteArray().slice(12)) as ipaddr.IPv4;
  return null;
}

function matches(address: Address, [network, bits]: [Address, number]): boolean {
  return address.kind() === network.kind() && address.match(network, bits);
}

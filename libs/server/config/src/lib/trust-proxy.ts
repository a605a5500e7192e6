import ipaddr from 'ipaddr.js';
import { registerDecorator, ValidationOptions } from 'class-validator';

/**
 * Which peers may tell the api the client's address (`X-Forwarded-For`) and scheme
 * (`X-Forwarded-Proto`), in the form express's `trust proxy` setting takes: false (no one), a hop
 * count, or addresses and CIDRs (proxy-addr's names `loopback`, `linklocal`, `uniquelocal` included).
 */
export type TrustProxy = false | number | readonly string[];

const NAMED_RANGES = new Set(['loopback', 'linklocal', 'uniquelocal']);
const MAX_HOPS = 10;

/** `TRUST_PROXY` as express takes it, or null when it is none of the accepted forms. */
export function parseTrustProxy(value: string | undefined): TrustProxy | null {
  const text = value?.trim() ?? '';
  if (text === '' || text === 'off') return false;
  if (/^\d+$/.test(text)) {
    const hops = Number(text);
    return hops >= 1 && hops <= MAX_HOPS ? hops : null;
  }
  const entries = text.split(',').map((entry) => entry.trim());
  const parsed = entries.map(trustedEntry);
  return parsed.every((entry): entry is string => entry !== null) ? parsed : null;
}

/** One named range, address or CIDR, normalised (`10.0.0.0/8`); null when it is not one. */
function trustedEntry(entry: string): string | null {
  if (NAMED_RANGES.has(entry)) return entry;
  const [address, bits, ...rest] = entry.split('/');
  if (rest.length > 0 || !isAddress(address)) return null;
  if (bits === undefined) return ipaddr.parse(address).toString();
  if (!/^\d{1,3}$/.test(bits)) return null;
  try {
    const [network, prefix] = ipaddr.parseCIDR(entry);
    return `${network.toString()}/${prefix}`;
  } catch {
    return null;
  }
}

/** A plain dotted-quad IPv4 or an IPv6 address: no shorthand like `10.1`, no zone (`%eth0`). */
function isAddress(text: string): boolean {
  if (ipaddr.IPv4.isValidFourPartDecimal(text)) return true;
  return text.includes(':') && !text.includes('%') && ipaddr.IPv6.isValid(text);
}

/** Validates `TRUST_PROXY`; `true` is refused by name, since it would believe any client's X-Forwarded-For. */
export function IsTrustProxy(options?: ValidationOptions) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isTrustProxy',
      target: target.constructor,
      propertyName,
      options,
      validator: {
        validate: (value: unknown) => typeof value === 'string' && parseTrustProxy(value) !== null,
        defaultMessage: (args) =>
          String(args?.value).trim() === 'true'
            ? `must not be true, which would believe any client's X-Forwarded-For: give the number of proxies in front of the api (1-${MAX_HOPS}) or their addresses or CIDRs`
            : `must be off, the number of proxies in front of the api (1-${MAX_HOPS}), or comma-separated proxy addresses or CIDRs (or loopback, linklocal, uniquelocal) like 1 or 10.0.0.0/8`,
      },
    });
}

import ipaddr from 'ipaddr.js';
import { registerDecorator, ValidationOptions } from 'class-validator';

/** Accepts comma-separated CIDRs such as `10.0.0.0/8,fd12:3456::/48` (spaces around commas allowed). */
export function IsCidrList(options?: ValidationOptions) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isCidrList',
      target: target.constructor,
      propertyName,
      options,
      validator: {
        validate: (value: unknown) => typeof value === 'string' && parseCidrList(value) !== null,
        defaultMessage: () => 'must be comma-separated CIDRs like 10.0.0.0/8,fd12:3456::/48',
      },
    });
}

/** The CIDRs, normalised (`10.0.0.0/8`), or null when one is not a CIDR. */
export function parseCidrList(value: string): string[] | null {
  const parts = value.split(',').map((part) => part.trim());
  if (parts.some((part) => !/^[0-9a-fA-F:.]+\/\d{1,3}$/.test(part))) return null;
  try {
    return parts.map((part) => {
      const [address, bits] = ipaddr.parseCIDR(part);
      return `${address.toString()}/${bits}`;
    });
  } catch {
    return null;
  }
}

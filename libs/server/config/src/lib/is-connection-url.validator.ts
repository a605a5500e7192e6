import { registerDecorator, ValidationOptions } from 'class-validator';

/** Accepts a URL with one of the given protocols (and, when asked, a non-empty path such as a database name). */
export function IsConnectionUrl(
  protocols: string[],
  { requirePath = false }: { requirePath?: boolean } = {},
  options?: ValidationOptions,
) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isConnectionUrl',
      target: target.constructor,
      propertyName,
      options,
      validator: {
        validate(value: unknown) {
          if (typeof value !== 'string') return false;
          try {
            const url = new URL(value);
            return (
              protocols.includes(url.protocol) &&
              url.hostname !== '' &&
              (!requirePath || url.pathname.replace(/^\//, '') !== '')
            );
          } catch {
            return false;
          }
        },
        defaultMessage() {
          const example =
            protocols[0] === 'postgres:' ? 'postgres://user:password@host:5432/database' : `${protocols[0]}//host:port`;
          return `must be a ${protocols.join(' or ')} URL like ${example}`;
        },
      },
    });
}

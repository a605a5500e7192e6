import { Injectable, NotFoundException, type PipeTransform } from '@nestjs/common';
import { PROVIDER_ID_PATTERN } from '@hub/server/integrations/core';

/** Longer than any provider id of the catalog will be. */
const MAX_LENGTH = 64;

/**
 * A `:provider` path segment: one that cannot be a provider id is the 404 an unknown id gets, before
 * it reaches a cookie path, a redirect, a log line or a query. A well-formed unknown id goes on to the
 * use case, which answers its own 404.
 */
@Injectable()
export class ParseProviderIdPipe implements PipeTransform<unknown, string> {
  transform(value: unknown): string {
    if (typeof value === 'string' && value.length <= MAX_LENGTH && PROVIDER_ID_PATTERN.test(value)) return value;
    throw new NotFoundException({
      detail: 'No integration with this id: provider ids are lower-case words joined by hyphens (google-drive).',
    });
  }
}

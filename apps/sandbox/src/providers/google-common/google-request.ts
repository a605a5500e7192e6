import type { Request, Response } from 'express';
import type { ApiContext } from '../../lib/provider-definition';
import { sendGoogleParameterError } from './google-parameter-error';
import { type FieldSelection, FieldSelectionError, parseFields, selectFields } from './partial-response';

/** The query exactly as sent (repeated parameters: the first). */
export function queryOf(req: Request): URLSearchParams {
  return new URL(req.originalUrl, 'http://sandbox.invalid').searchParams;
}

/** True when the token holds one of `scopes`; else answers 403 insufficientPermissions, as Google does. */
export function hasAnyScope(context: ApiContext, req: Request, res: Response, scopes: readonly string[]): boolean {
  const granted = context.token(res).scopes;
  return scopes.some((scope) => granted.has(scope)) || context.hasScope(req, res, scopes[0]);
}

/**
 * The answer, reduced to `fields` when given (null: the whole answer); a selection Google cannot
 * parse, or that `check` refuses (a field the answer's schema does not have), is 400 invalidParameter.
 */
export function sendSelected(
  res: Response,
  body: unknown,
  fields: string | null,
  check?: (selection: FieldSelection) => void,
): void {
  if (fields === null) {
    res.json(body);
    return;
  }
  try {
    const selection = parseFields(fields);
    check?.(selection);
    res.json(selectFields(body, selection));
  } catch (error) {
    if (!(error instanceof FieldSelectionError)) throw error;
    sendGoogleParameterError(res, {
      status: 400,
      message: error.message,
      reason: 'invalidParameter',
      location: 'fields',
    });
  }
}

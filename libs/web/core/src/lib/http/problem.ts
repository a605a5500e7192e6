import { HttpErrorResponse } from '@angular/common/http';

/** One field that failed validation, as the api reports it. */
export interface FieldProblem {
  field: string;
  message: string;
}

/** An RFC 9457 problem, reduced to what the web app shows. */
export interface Problem {
  status: number;
  title: string;
  detail: string;
  errors: FieldProblem[];
}

const NETWORK_DETAIL = 'The hub could not be reached. Check your connection and try again.';
const SERVER_DETAIL = 'Something went wrong on our side. Try again in a moment.';

/**
 * Reads an error from HttpClient (or anything thrown) as a problem. The api answers errors as
 * `application/problem+json`; proxies and network failures do not, so every field falls back to
 * a sentence a person can read.
 */
export function problemOf(error: unknown): Problem {
  if (!(error instanceof HttpErrorResponse)) {
    return {
      status: 0,
      title: 'Error',
      detail: error instanceof Error ? error.message : String(error),
      errors: [],
    };
  }
  if (error.status === 0) {
    return { status: 0, title: 'Network error', detail: NETWORK_DETAIL, errors: [] };
  }
  const body = asRecord(parseIfJson(error.error));
  const title = textOr(body?.['title'], error.statusText || 'Error');
  return {
    status: error.status,
    title,
    detail: textOr(body?.['detail'], fallbackDetail(error, title)),
    errors: fieldProblemsOf(body?.['errors']),
  };
}

function fallbackDetail(error: HttpErrorResponse, title: string): string {
  if (error.status === 429) {
    const seconds = Number(error.headers.get('Retry-After'));
    return seconds > 0
      ? `Too many requests. Try again in ${seconds} seconds.`
      : 'Too many requests. Try again in a moment.';
  }
  return error.status >= 500 ? SERVER_DETAIL : title;
}

function parseIfJson(body: unknown): unknown {
  if (typeof body !== 'string') {
    return body;
  }
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
}

function textOr(value: unknown, fallback: string): string {
  return typeof value === 'string' && value.trim() !== '' ? value : fallback;
}

function fieldProblemsOf(value: unknown): FieldProblem[] {
  if (!Array.isArray(value)) {
    return [];
  }
  return value.flatMap((item) => {
    const entry = asRecord(item);
    return typeof entry?.['field'] === 'string' && typeof entry['message'] === 'string'
      ? [{ field: entry['field'], message: entry['message'] }]
      : [];
  });
}

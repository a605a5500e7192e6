import type { Response } from 'express';

/** Google's `status` for the HTTP statuses a parameter error comes with. */
const STATUS_NAMES: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  404: 'NOT_FOUND',
  410: 'ABORTED',
};

export interface GoogleParameterError {
  readonly status: 400 | 404 | 410;
  readonly message: string;
  /** The legacy `errors[].reason`: `invalid`, `required`, `invalidParameter`, `fullSyncRequired`, … */
  readonly reason: string;
  /** The query parameter at fault: `pageToken`, `syncToken`, `q`, `fields`, … */
  readonly location: string;
  readonly domain?: string;
}

/**
 * Writes an error about one request parameter the way Google APIs do, naming it in `errors[].location`
 * (which `sendGoogleError` does not): Drive's answer to a page token it does not know
 * (`400 Invalid Value`, reason `invalid`, location `pageToken`) and Calendar's to an expired sync token
 * (`410`, reason `fullSyncRequired`, location `syncToken`,
 * https://developers.google.com/calendar/api/guides/errors#410_gone).
 */
export function sendGoogleParameterError(res: Response, error: GoogleParameterError): void {
  res.status(error.status).json({
    error: {
      code: error.status,
      message: error.message,
      errors: [
        {
          message: error.message,
          domain: error.domain ?? 'global',
          reason: error.reason,
          location: error.location,
          locationType: 'parameter',
        },
      ],
      status: STATUS_NAMES[error.status],
    },
  });
}

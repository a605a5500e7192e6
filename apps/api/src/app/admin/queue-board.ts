import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { INestApplication } from '@nestjs/common';
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import type { NextFunction, Request, Response } from 'express';
import { AppConfig } from '@hub/server/config';
import { requestMetaOf, SessionCookies, SessionsService } from '@hub/server/auth';
import { REVOCATIONS_QUEUE, TOKEN_REFRESH_QUEUE } from '@hub/server/connections';
import { MAINTENANCE_QUEUE } from '@hub/server/redis';
import { SYNC_QUEUE } from '@hub/server/sync';

export const QUEUE_BOARD_PATH = '/admin/queues';
export const BOARD_QUEUES = [SYNC_QUEUE, TOKEN_REFRESH_QUEUE, REVOCATIONS_QUEUE, MAINTENANCE_QUEUE];

/**
 * Bull Board at /admin/queues, for instance administrators only: it shows job data (ids only, by
 * design) and can retry or delete jobs. It is an express app of its own, so the session is checked
 * here, and changes must come from the hub's own origin (its buttons send no CSRF header).
 */
export function mountQueueBoard(app: INestApplication): void {
  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath(QUEUE_BOARD_PATH);
  createBullBoard({
    queues: BOARD_QUEUES.map((name) => new BullMQAdapter(app.get<Queue>(getQueueToken(name)))),
    serverAdapter,
    options: { uiConfig: { boardTitle: 'Integrations Hub queues' } },
  });
  const sessions = app.get(SessionsService);
  const cookies = app.get(SessionCookies);
  const publicOrigin = new URL(app.get(AppConfig).http.publicUrl).origin;

  const onlyInstanceAdmins = (req: Request, res: Response, next: NextFunction) => {
    const problem = (status: number, detail: string) =>
      res
        .status(status)
        .type('application/problem+json')
        .json({ type: 'about:blank', title: status === 401 ? 'Unauthorized' : 'Forbidden', status, detail });
    const token = cookies.tokenOf(req);
    if (!token) return void problem(401, 'Sign in as an instance administrator to see the queues.');
    if (req.method !== 'GET' && req.method !== 'HEAD' && req.get('origin') !== publicOrigin) {
      return void problem(403, 'Changes to queues must come from the hub’s own pages.');
    }
    sessions.authenticate(token, requestMetaOf(req)).then(
      (caller) => {
        if (!caller) return problem(401, 'Your session has ended; sign in again.');
        if (!caller.user?.isInstanceAdmin) return problem(403, 'Only instance administrators can see the queues.');
        next();
      },
      (error: unknown) => next(error),
    );
  };
  app.use(QUEUE_BOARD_PATH, onlyInstanceAdmins, serverAdapter.getRouter());
}

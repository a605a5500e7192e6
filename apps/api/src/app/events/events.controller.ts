import { BeforeApplicationShutdown, Controller, MessageEvent, Sse } from '@nestjs/common';
import { ApiExtension, ApiExtraModels, ApiTags, getSchemaPath } from '@nestjs/swagger';
import { filter, from, interval, map, merge, Observable, Subject, switchMap, takeUntil, takeWhile } from 'rxjs';
import { ApiKeysService, CurrentCaller, SessionsService, type WorkspaceCaller } from '@hub/server/auth';
import { LiveEventsFeed } from '@hub/server/redis';
import { Endpoint } from '../http/endpoint';
import { SERVER_SENT_EVENTS } from './live-event.dto';

/** Keeps proxies from closing an idle stream, and notices a client that went away. */
const HEARTBEAT_MS = 25_000;
/** How often an open stream re-checks that its caller may still see the workspace. */
const RECHECK_MS = 60_000;

@ApiTags('events')
@ApiExtraModels(...Object.values(SERVER_SENT_EVENTS))
@Controller('events')
export class EventsController implements BeforeApplicationShutdown {
  /** Ends every open stream when the api shuts down, so the HTTP server can close at once (browsers reconnect). */
  private readonly closing = new Subject<void>();

  constructor(
    private readonly feed: LiveEventsFeed,
    private readonly sessions: SessionsService,
    private readonly apiKeys: ApiKeysService,
  ) {}

  @Sse()
  @ApiExtension(
    'x-server-sent-events',
    Object.fromEntries(
      Object.entries(SERVER_SENT_EVENTS).map(([name, dto]) => [name, { data: { $ref: getSchemaPath(dto) } }]),
    ),
  )
  @Endpoint({
    operationId: 'streamEvents',
    produces: 'text/event-stream',
    access: 'member',
    summary: 'Live connection and sync events of the current workspace, as server-sent events.',
    description:
      "Event types (`x-server-sent-events` gives each one's `data` schema): `connection.updated` (status, reason, " +
      'last sync) and `sync.run` (a run queued, progressing or ended, with counts). Ids and statuses only; read ' +
      'details through the REST API. A `ping` with no data every 25 s. ' +
      'The stream ends when the caller loses access to the workspace (signed out, removed, key revoked).',
  })
  events(@CurrentCaller() caller: WorkspaceCaller): Observable<MessageEvent> {
    const events = this.feed.stream(caller.workspaceId).pipe(map((event) => ({ type: event.type, data: event })));
    const heartbeat = interval(HEARTBEAT_MS).pipe(map(() => ({ type: 'ping', data: '' })));
    const access = interval(RECHECK_MS).pipe(
      switchMap(() => from(this.stillAllowed(caller))),
      takeWhile((allowed) => allowed),
      filter(() => false),
    );
    // The stream completes as soon as the access check does (takeWhile), which closes the response.
    return new Observable<MessageEvent>((subscriber) => {
      const live = merge(events, heartbeat).pipe(takeUntil(this.closing)).subscribe(subscriber);
      const watch = access.subscribe({ complete: () => subscriber.complete() });
      return () => {
        live.unsubscribe();
        watch.unsubscribe();
      };
    });
  }

  beforeApplicationShutdown(): void {
    this.closing.next();
    this.closing.complete();
  }

  private stillAllowed(caller: WorkspaceCaller): Promise<boolean> {
    return caller.apiKey
      ? this.apiKeys.isActive(caller.apiKey.id)
      : this.sessions.isActiveIn(caller.session?.idHash ?? '', caller.workspaceId);
  }
}

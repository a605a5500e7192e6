import { HttpClient, HttpContext, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { HANDLED_ERRORS } from '@hub/web/core';
import { Observable } from 'rxjs';
import type {
  Connection,
  Credentials,
  CredentialsTestResult,
  IntegrationCatalog,
  RecordChanges,
  SyncRun,
  UpdateConnection,
} from '@hub/web/shared/api-types';

/** Requests whose caller turns failures into its own words (a form's fields, a card's message). */
const handled = () => ({ context: new HttpContext().set(HANDLED_ERRORS, true) });
const segment = encodeURIComponent;

/** The REST API of integrations and connections, typed from openapi/api.json. */
@Injectable({ providedIn: 'root' })
export class IntegrationsApi {
  private readonly http = inject(HttpClient);

  catalog(): Observable<IntegrationCatalog> {
    return this.http.get<IntegrationCatalog>('/api/integrations', handled());
  }

  connection(id: string): Observable<Connection> {
    return this.http.get<Connection>(`/api/connections/${segment(id)}`, handled());
  }

  /** Starts OAuth: answers the provider's authorization URL to send the browser to. */
  startOAuth(providerId: string, returnTo: string): Observable<{ authorizationUrl: string }> {
    return this.http.post<{ authorizationUrl: string }>(
      `/api/integrations/${segment(providerId)}/connect`,
      { returnTo },
      handled(),
    );
  }

  startAdminConsent(providerId: string, returnTo: string): Observable<{ authorizationUrl: string }> {
    return this.http.post<{ authorizationUrl: string }>(
      `/api/integrations/${segment(providerId)}/admin-consent`,
      { returnTo },
      handled(),
    );
  }

  connectWithCredentials(providerId: string, credentials: Credentials, connectionId?: string): Observable<Connection> {
    return this.http.post<Connection>(
      `/api/integrations/${segment(providerId)}/credentials`,
      connectionId ? { credentials, connectionId } : { credentials },
      handled(),
    );
  }

  testCredentials(
    providerId: string,
    credentials: Credentials,
    connectionId?: string,
  ): Observable<CredentialsTestResult> {
    return this.http.post<CredentialsTestResult>(
      `/api/integrations/${segment(providerId)}/credentials/test`,
      connectionId ? { credentials, connectionId } : { credentials },
      handled(),
    );
  }

  /** Deletes the credentials; `purge` also deletes everything synced from the connection. */
  disconnect(id: string, purge: boolean): Observable<void> {
    const params = purge ? new HttpParams().set('purge', 'true') : undefined;
    return this.http.delete<void>(`/api/connections/${segment(id)}`, { ...handled(), params });
  }

  syncNow(id: string): Observable<SyncRun> {
    return this.http.post<SyncRun>(`/api/connections/${segment(id)}/sync`, {}, handled());
  }

  update(id: string, changes: UpdateConnection): Observable<Connection> {
    return this.http.patch<Connection>(`/api/connections/${segment(id)}`, changes, handled());
  }

  syncRuns(id: string, limit = 10): Observable<SyncRun[]> {
    const params = new HttpParams().set('limit', limit);
    return this.http.get<SyncRun[]>(`/api/connections/${segment(id)}/sync-runs`, { ...handled(), params });
  }

  records(id: string, resource: string, limit = 1000): Observable<RecordChanges> {
    const params = new HttpParams().set('resource', resource).set('limit', limit);
    return this.http.get<RecordChanges>(`/api/connections/${segment(id)}/records`, { ...handled(), params });
  }
}

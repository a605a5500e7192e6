/**
 * GENERATED from openapi/api.json by libs/web/shared/api-types/scripts/generate-api-types.mjs.
 * Do not edit: run `npx nx run web-shared-api-types:generate-api-types` (api.types.spec.ts
 * fails when this file and the spec disagree).
 */
/* eslint-disable */
export interface paths {
  '/api/health': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Liveness: the api process answers. */
    get: operations['getLiveness'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/health/ready': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Readiness: PostgreSQL and Redis answer. 503 when either does not. */
    get: operations['getReadiness'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/auth/sign-in': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Sign in with email and password; sets the session cookie and the XSRF-TOKEN cookie.
     * @description The same 401 answers an unknown email and a wrong password. Attempts are rate limited per address and per email.
     */
    post: operations['signIn'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/auth/sign-out': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Sign out: ends the session and clears its cookies. */
    post: operations['signOut'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/auth/session': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Who is calling: the person or API key, the current workspace and role. */
    get: operations['getSession'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/auth/session/workspace': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    /** Switch the current workspace to another the person belongs to. */
    put: operations['switchWorkspace'];
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/workspaces': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The workspaces the person belongs to, with their role in each. */
    get: operations['listMyWorkspaces'];
    put?: never;
    /** Create a workspace; the creator becomes its owner. */
    post: operations['createWorkspace'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/workspace': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The current workspace. */
    get: operations['getCurrentWorkspace'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    /** Rename the current workspace. */
    patch: operations['renameWorkspace'];
    trace?: never;
  };
  '/api/members': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The members of the current workspace. */
    get: operations['listMembers'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/members/{userId}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    /** Remove a member from the workspace. */
    delete: operations['removeMember'];
    options?: never;
    head?: never;
    /** Change a member’s role. */
    patch: operations['changeMemberRole'];
    trace?: never;
  };
  '/api/invitations': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Open invitations of the current workspace. */
    get: operations['listInvitations'];
    put?: never;
    /** Invite someone by email; answers the link to share (shown once). */
    post: operations['createInvitation'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/invitations/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    /** Revoke an open invitation. */
    delete: operations['revokeInvitation'];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/invitations/accept': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Accept an invitation: signed in as the invited email, or as a newcomer with a name and password (then signed in). */
    post: operations['acceptInvitation'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/api-keys': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The workspace’s API keys (never the keys themselves). */
    get: operations['listApiKeys'];
    put?: never;
    /** Create an admin API key for this workspace; the answer holds the key, shown only once. */
    post: operations['createApiKey'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/api-keys/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    /** Revoke an API key; it stops working at once. */
    delete: operations['revokeApiKey'];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/integrations': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The catalog by category, merged with this workspace’s connections: everything the integrations page needs. */
    get: operations['listIntegrations'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/integrations/{provider}/credentials': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Connect (or update) a credentials-form provider such as PostgreSQL: fields are validated against the manifest and tested first. */
    post: operations['connectWithCredentials'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/integrations/{provider}/credentials/test': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Test a credentials-form provider’s fields without saving them ("Test connection"): validated as connecting validates them, at most 10 a minute. */
    post: operations['testCredentials'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/integrations/{provider}/connect': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Start connecting an OAuth provider: answers the authorization URL (PKCE S256, single-use state) and sets a browser-binding cookie. */
    post: operations['startConnect'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/integrations/{provider}/admin-consent': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Start an organisation administrator’s approval of a provider’s admin-only permissions (Microsoft Teams): answers the provider’s admin-consent URL (single-use state) and sets a browser-binding cookie; the provider redirects to the callback. */
    post: operations['startAdminConsent'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/integrations/{provider}/callback': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Where the provider sends the browser back. Checks state, browser, person and `iss` before exchanging the code once; then 303 to the page with `?success=<provider>_connected` (`_admin_consented` after an administrator’s approval) or `?error=<code>`. */
    get: operations['completeConnect'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/connections': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The connections of the current workspace. */
    get: operations['listConnections'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/connections/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One connection: status, account, scopes, sync settings (never credentials). */
    get: operations['getConnection'];
    put?: never;
    post?: never;
    /** Disconnect: credentials are deleted and the status becomes DISCONNECTED; synced data is kept unless purge=true. */
    delete: operations['disconnectConnection'];
    options?: never;
    head?: never;
    /** Change sync settings: scheduled sync on/off, its frequency, and what to sync. */
    patch: operations['updateConnection'];
    trace?: never;
  };
  '/api/connections/{id}/sync': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Sync now: queues a run, or answers the one already waiting (repeated clicks name the same run).
     * @description Answers 202 with the run that will carry out the request. While a run is under way one follow-up is queued, and later requests join it. 503 when the job queue (Redis) is unavailable.
     */
    post: operations['startSync'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/connections/{id}/sync-runs': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Sync history, newest first. */
    get: operations['listSyncRuns'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/connections/{id}/sync-runs/{runId}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One sync run, with its counts and progress. */
    get: operations['getSyncRun'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/connections/{id}/sync-runs/{runId}/cancel': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Cancel a run: a queued one at once, a running one after the page it is writing. */
    post: operations['cancelSyncRun'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/connections/{id}/records': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * The synced data as a change stream: records added, updated or deleted since the cursor.
     * @description Each record appears once, with its latest state and the last change (`action`). Start without a cursor, follow `nextCursor` while `hasMore`, then keep the last `nextCursor` to poll for new changes.
     */
    get: operations['listRecords'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/events': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Live connection and sync events of the current workspace, as server-sent events.
     * @description Event types (`x-server-sent-events` gives each one's `data` schema): `connection.updated` (status, reason, last sync) and `sync.run` (a run queued, progressing or ended, with counts). Ids and statuses only; read details through the REST API. A `ping` with no data every 25 s. The stream ends when the caller loses access to the workspace (signed out, removed, key revoked).
     */
    get: operations['streamEvents'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/admin/provider-apps': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** OAuth app credentials of every OAuth provider: where they come from, and the redirect URI to register. */
    get: operations['listProviderApps'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/admin/provider-apps/{provider}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    /** Set a provider’s OAuth app credentials (the secret is stored encrypted and never returned). */
    put: operations['setProviderApp'];
    post?: never;
    /** Remove the app’s own credentials (the environment’s, if any, apply again). */
    delete: operations['removeProviderApp'];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/admin/connector-networks': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Private networks database connections may reach: from the deployment, and added here. */
    get: operations['listConnectorNetworks'];
    put?: never;
    /** Allow database connections to reach a private network (audited; applies within 5 s everywhere). */
    post: operations['addConnectorNetwork'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/admin/connector-networks/{cidr}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    /** Stop allowing a network added here (URL-encode the slash: `10.20.0.0%2F16`; audited). */
    delete: operations['removeConnectorNetwork'];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/audit-events': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The current workspace’s audit log, newest first, with filters. */
    get: operations['listAuditEvents'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
}
export type webhooks = Record<string, never>;
export interface components {
  schemas: {
    HealthIndicatorDto: {
      /** @enum {string} */
      status: 'up' | 'down';
      /** @example timeout exceeded */
      message?: string;
    };
    HealthDto: {
      /** @enum {string} */
      status: 'ok';
      /**
       * @example {
       *       "database": {
       *         "status": "up"
       *       },
       *       "redis": {
       *         "status": "up"
       *       }
       *     }
       */
      info: {
        [key: string]: components['schemas']['HealthIndicatorDto'];
      };
      /** @example {} */
      error: {
        [key: string]: components['schemas']['HealthIndicatorDto'];
      };
      /**
       * @example {
       *       "database": {
       *         "status": "up"
       *       },
       *       "redis": {
       *         "status": "up"
       *       }
       *     }
       */
      details: {
        [key: string]: components['schemas']['HealthIndicatorDto'];
      };
    };
    SignInDto: {
      /**
       * Format: email
       * @example ada@example.com
       */
      email: string;
      /**
       * Format: password
       * @example correct horse battery staple
       */
      password: string;
    };
    SessionUserDto: {
      /** Format: uuid */
      id: string;
      /** @example ada@example.com */
      email: string;
      /** @example Ada Lovelace */
      name: string;
      isInstanceAdmin: boolean;
    };
    SessionApiKeyDto: {
      /** Format: uuid */
      id: string;
      /** @example CI key */
      name: string;
    };
    WorkspaceDto: {
      /** Format: uuid */
      id: string;
      /** @example Acme Inc. */
      name: string;
      /**
       * @description The caller’s role in it.
       * @enum {string}
       */
      role: 'owner' | 'admin' | 'member';
    };
    SessionDto: {
      /** @description The person signed in; null for an API key. */
      user: components['schemas']['SessionUserDto'] | null;
      /** @description The API key used; null for a person. */
      apiKey: components['schemas']['SessionApiKeyDto'] | null;
      /** @description The current workspace and the caller’s role in it. */
      workspace: components['schemas']['WorkspaceDto'] | null;
      /** @description Every workspace the person belongs to (the switcher). */
      workspaces: components['schemas']['WorkspaceDto'][];
    };
    SwitchWorkspaceDto: {
      /** Format: uuid */
      workspaceId: string;
    };
    WorkspaceNameDto: {
      /** @example Acme Inc. */
      name: string;
    };
    MemberDto: {
      /** Format: uuid */
      userId: string;
      /** @example ada@example.com */
      email: string;
      /** @example Ada Lovelace */
      name: string;
      /** @enum {string} */
      role: 'owner' | 'admin' | 'member';
      /** Format: date-time */
      joinedAt: string;
    };
    ChangeRoleDto: {
      /**
       * @description Only an owner can grant or take away `owner`.
       * @enum {string}
       */
      role: 'owner' | 'admin' | 'member';
    };
    InvitationDto: {
      /** Format: uuid */
      id: string;
      /** @example grace@example.com */
      email: string;
      /** @enum {string} */
      role: 'admin' | 'member';
      /** Format: date-time */
      createdAt: string;
      /** Format: date-time */
      expiresAt: string;
    };
    CreateInvitationDto: {
      /**
       * Format: email
       * @example grace@example.com
       */
      email: string;
      /** @enum {string} */
      role: 'admin' | 'member';
    };
    CreatedInvitationDto: {
      /** Format: uuid */
      id: string;
      /** @example grace@example.com */
      email: string;
      /** @enum {string} */
      role: 'admin' | 'member';
      /** Format: date-time */
      createdAt: string;
      /** Format: date-time */
      expiresAt: string;
      /**
       * @description The link to share with the person; shown only now.
       * @example https://hub.example.com/join#token=…
       */
      acceptUrl: string;
    };
    AcceptInvitationDto: {
      /** @description The token from the invitation link. */
      token: string;
      /**
       * @description For a new account.
       * @example Grace Hopper
       */
      name?: string;
      /**
       * Format: password
       * @description For a new account: at least 12 characters.
       */
      password?: string;
    };
    AcceptedInvitationDto: {
      /** Format: uuid */
      workspaceId: string;
    };
    ApiKeyDto: {
      /** Format: uuid */
      id: string;
      /** @example CI pipeline */
      name: string;
      /**
       * @description The first characters, to recognise the key by.
       * @example hub_a1B2c3
       */
      prefix: string;
      /** Format: date-time */
      createdAt: string;
      /** Format: date-time */
      expiresAt: string | null;
      /** Format: date-time */
      lastUsedAt: string | null;
      /** Format: date-time */
      revokedAt: string | null;
    };
    CreateApiKeyDto: {
      /** @example CI pipeline */
      name: string;
      /**
       * Format: date-time
       * @description When the key stops working: a time in the future (400 otherwise); omit for a key that does not expire.
       */
      expiresAt?: string;
    };
    CreatedApiKeyDto: {
      /** Format: uuid */
      id: string;
      /** @example CI pipeline */
      name: string;
      /**
       * @description The first characters, to recognise the key by.
       * @example hub_a1B2c3
       */
      prefix: string;
      /** Format: date-time */
      createdAt: string;
      /** Format: date-time */
      expiresAt: string | null;
      /** Format: date-time */
      lastUsedAt: string | null;
      /** Format: date-time */
      revokedAt: string | null;
      /**
       * @description The key itself: shown only now, stored only as a hash. Send it as `Authorization: Bearer <key>`.
       * @example hub_a1B2c3d4E5f6g7H8i9J0k1L2m3N4o5P6q7R8s9T0u1V2
       */
      secret: string;
    };
    CredentialFieldOptionDto: {
      /** @example verify-full */
      value: string;
      /** @example Verify certificate and host name */
      label: string;
    };
    CredentialFieldDto: {
      /** @example host */
      key: string;
      /** @example Host */
      label: string;
      /** @enum {string} */
      type: 'text' | 'password' | 'number' | 'select' | 'textarea' | 'boolean';
      required: boolean;
      /** @description Write-only: never returned once saved. */
      secret: boolean;
      placeholder?: string;
      help?: string;
      default?: string | number | boolean;
      /** @description The choices of a `select` field. */
      options?: components['schemas']['CredentialFieldOptionDto'][];
      min?: number;
      max?: number;
      maxLength?: number;
      pattern?: string;
    };
    SyncResourceDto: {
      /** @example files */
      id: string;
      /** @example Files */
      name: string;
      /** @example File metadata: names, types, owners, sizes and modification times. */
      description: string;
    };
    SyncSelectionDto: {
      /** @example Tables to sync */
      label: string;
      /**
       * @description The resource whose records are the options.
       * @example schema
       */
      optionsResource: string;
      /** @example 100 */
      max: number;
    };
    AccessRemovalLinkDto: {
      /** @example Work or school account: My Apps */
      label: string;
      /**
       * Format: uri
       * @example https://myapps.microsoft.com
       */
      url: string;
    };
    AccessRemovalDto: {
      /** @example Microsoft lets no app end its own access: the hub deletes its tokens, and you can remove its access yourself. */
      note: string;
      links: components['schemas']['AccessRemovalLinkDto'][];
    };
    AdminConsentDto: {
      /**
       * @description The permissions only an administrator of the person’s organisation grants, once for everyone.
       * @example [
       *       "https://graph.microsoft.com/ChannelMessage.Read.All"
       *     ]
       */
      scopes: string[];
      /**
       * @description Whose administrator approves.
       * @example Microsoft 365
       */
      authority: string;
      /**
       * @description `required`: a connect was refused for want of the approval; `granted`: an administrator approved (or a connect went through); null: not known yet.
       * @enum {string|null}
       */
      status: 'required' | 'granted' | null;
      /**
       * Format: uuid
       * @description The approving tenant, as the provider said.
       */
      tenantId: string | null;
      /** Format: date-time */
      updatedAt: string | null;
    };
    AccountDto: {
      /** @example Acme Inc. (acme.slack.com) */
      displayName: string;
      /** @example ada@example.com */
      email?: string;
      /** @example Acme Inc. */
      workspaceName?: string;
      /** @example https://acme.slack.com */
      url?: string;
      /**
       * @example {
       *       "serverVersion": "16.4",
       *       "database": "analytics"
       *     }
       */
      details?: {
        [key: string]: unknown;
      };
      /**
       * @description What the card warns about the account, as of the last test or connect: e.g. a PostgreSQL role that is a superuser or can write. Absent when there is nothing to warn about.
       * @example [
       *       "This role can write to the database: use a read-only role."
       *     ]
       */
      warnings?: string[];
    };
    SyncCountsDto: {
      /**
       * @description Records seen for the first time (or again after a deletion).
       * @example 12
       */
      added: number;
      /**
       * @description Records whose content changed.
       * @example 3
       */
      updated: number;
      /**
       * @description Records read again, unchanged.
       * @example 235
       */
      unchanged: number;
      /**
       * @description Records gone at the provider.
       * @example 1
       */
      deleted: number;
    };
    SyncRunErrorDto: {
      /** @example RATE_LIMITED */
      code: string;
      /** @example Dub's rate limit was reached (rate_limit_exceeded) */
      message: string;
    };
    SyncRunDto: {
      /** Format: uuid */
      id: string;
      /** Format: uuid */
      connectionId: string;
      /** @example dub */
      providerId: string;
      /** @enum {string} */
      trigger: 'MANUAL' | 'SCHEDULED' | 'INITIAL';
      /** @enum {string} */
      status: 'QUEUED' | 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'CANCELLED';
      counts: components['schemas']['SyncCountsDto'];
      /**
       * @description Pages committed so far.
       * @example 3
       */
      pages: number;
      /**
       * @description The resource being synced (progress).
       * @example links
       */
      resource: string | null;
      /** Format: date-time */
      queuedAt: string;
      /** Format: date-time */
      startedAt: string | null;
      /** Format: date-time */
      finishedAt: string | null;
      /**
       * Format: date-time
       * @description Set while the run waits to try again (backoff, or the provider’s Retry-After).
       */
      retryAt: string | null;
      error: components['schemas']['SyncRunErrorDto'] | null;
      /** @description Someone asked to cancel it; it stops after the page it is writing. */
      cancelRequested: boolean;
    };
    ConnectionDto: {
      /** Format: uuid */
      id: string;
      /** @example google-drive */
      providerId: string;
      /** @enum {string} */
      status: 'ACTIVE' | 'ERROR' | 'DISCONNECTED';
      /** @enum {string|null} */
      statusReason:
        | 'NEEDS_REAUTH'
        | 'INSUFFICIENT_SCOPE'
        | 'PROVIDER_UNAVAILABLE'
        | 'REFRESH_FAILING'
        | 'INVALID_CONFIG'
        | 'DISCONNECTED_BY_USER'
        | null;
      /** @example Google asked for the account to be connected again. */
      statusMessage: string | null;
      /** @example 1098765432 */
      externalAccountId: string;
      account: components['schemas']['AccountDto'];
      /**
       * @example [
       *       "https://www.googleapis.com/auth/drive.metadata.readonly"
       *     ]
       */
      grantedScopes: string[];
      /**
       * Format: uuid
       * @description The person who connected it.
       */
      connectedBy: string | null;
      /** Format: date-time */
      connectedAt: string;
      /** Format: date-time */
      disconnectedAt: string | null;
      /** Format: date-time */
      tokenExpiresAt: string | null;
      hasRefreshToken: boolean;
      syncEnabled: boolean;
      /** @example 60 */
      syncFrequencyMinutes: number;
      /**
       * @description What the connection chose to sync (see the integration’s `syncSelection`); empty otherwise.
       * @example [
       *       "public.orders"
       *     ]
       */
      syncSelection: string[];
      /** Format: date-time */
      lastSyncedAt: string | null;
      /** @description The newest sync run (queued, running or ended); null before the first. */
      lastSyncRun: components['schemas']['SyncRunDto'] | null;
    };
    IntegrationDto: {
      /** @example google-drive */
      id: string;
      /** @example Google Drive */
      name: string;
      /** @example Sync file metadata from Google Drive. */
      description: string;
      /** @enum {string} */
      category: 'Google Workspace' | 'Databases' | 'Communication' | 'Microsoft 365' | 'Marketing' | 'Analytics';
      /** @example /providers/google-drive.svg */
      logoUrl: string;
      /** @example https://developers.google.com/workspace/drive/api */
      docsUrl: string;
      /** @enum {string} */
      availability: 'available' | 'coming-soon';
      /**
       * @description oauth2: the provider’s sign-in page; credentials: a form.
       * @enum {string}
       */
      connectMethod: 'oauth2' | 'credentials';
      /** @description An OAuth provider whose app credentials an instance admin has not set up yet. */
      setupRequired: boolean;
      /** @description The provider sandbox stands in for the real service (development and tests only). */
      sandbox: boolean;
      /** @description The scopes requested (OAuth). */
      scopes: string[];
      /** @description The form (credentials providers). */
      credentialFields: components['schemas']['CredentialFieldDto'][];
      syncResources: components['schemas']['SyncResourceDto'][];
      /** @example 60 */
      defaultSyncFrequencyMinutes: number | null;
      /** @description What a connection chooses to sync (PATCH /api/connections/{id} `syncSelection`); null: everything. */
      syncSelection: components['schemas']['SyncSelectionDto'] | null;
      /** @description For a provider that lets no app end its own access (Microsoft 365): where the person removes it after disconnecting; null when disconnecting revokes at the provider. */
      accessRemoval: components['schemas']['AccessRemovalDto'] | null;
      /** @description For a provider with permissions only an organisation administrator grants (Microsoft Teams): which, and where this workspace stands; null when none are needed. An admin starts the approval with POST /api/integrations/{provider}/admin-consent. */
      adminConsent: components['schemas']['AdminConsentDto'] | null;
      /** @description This workspace’s connections of this provider. */
      connections: components['schemas']['ConnectionDto'][];
    };
    IntegrationCategoryDto: {
      /** @enum {string} */
      name: 'Google Workspace' | 'Databases' | 'Communication' | 'Microsoft 365' | 'Marketing' | 'Analytics';
      integrations: components['schemas']['IntegrationDto'][];
    };
    IntegrationCatalogDto: {
      /** @description In the order the page shows them. */
      categories: components['schemas']['IntegrationCategoryDto'][];
    };
    ConnectWithCredentialsDto: {
      /**
       * @description The provider’s form fields (see `credentialFields`); secret fields are write-only.
       * @example {
       *       "host": "db.example.com",
       *       "port": 5432,
       *       "database": "analytics",
       *       "user": "reader",
       *       "password": "••••••",
       *       "sslMode": "verify-full"
       *     }
       */
      credentials: {
        [key: string]: unknown;
      };
      /**
       * Format: uuid
       * @description Edit this connection: secret fields left out keep their stored value.
       */
      connectionId?: string;
    };
    CredentialsTestResultDto: {
      /** @description Whether the hub could connect with these credentials. */
      ok: boolean;
      /** @description When ok: what the connection would show. */
      account?: components['schemas']['AccountDto'];
      /**
       * @description When not ok: one message whatever the cause (no scanning oracle).
       * @example Could not connect to the database. Check the host, port, database, user, password and SSL setting, and that the hub may reach this address.
       */
      message?: string;
    };
    StartConnectDto: {
      /**
       * @description A path of this app to come back to (anything else is ignored).
       * @example /settings/integrations
       */
      returnTo?: string;
    };
    AuthorizationRedirectDto: {
      /**
       * @description Send the browser here.
       * @example https://app.dub.co/oauth/authorize?response_type=code&client_id=…&code_challenge=…&state=…
       */
      authorizationUrl: string;
    };
    UpdateConnectionDto: {
      /** @description Scheduled sync on or off. */
      syncEnabled?: boolean;
      /**
       * @description Minutes between scheduled syncs (5 minutes to 7 days).
       * @example 60
       */
      syncFrequencyMinutes?: number;
      /**
       * @description What to sync, for integrations with a `syncSelection` (PostgreSQL: tables): ids of current records of its `optionsResource`, at most its `max`. Takes effect at the next sync.
       * @example [
       *       "public.orders",
       *       "sales.invoices"
       *     ]
       */
      syncSelection?: string[];
    };
    SyncedRecordDto: {
      /** @example links */
      resource: string;
      /** @example link_1JSBX0000002K9QF3ZP7M4D6W */
      externalId: string;
      /**
       * @description The last change: a deleted record keeps its last data.
       * @enum {string}
       */
      action: 'ADDED' | 'UPDATED' | 'DELETED';
      /**
       * @example {
       *       "shortLink": "https://dub.sh/abc1234",
       *       "url": "https://www.example.com/pricing",
       *       "clicks": 42
       *     }
       */
      data: {
        [key: string]: unknown;
      };
      /** Format: date-time */
      firstSeenAt: string;
      /** Format: date-time */
      changedAt: string;
      /** Format: date-time */
      deletedAt: string | null;
    };
    RecordChangesDto: {
      records: components['schemas']['SyncedRecordDto'][];
      /**
       * @description Pass it back as `cursor` for the next changes (also to poll once `hasMore` is false).
       * @example YzEuMTIzNA
       */
      nextCursor: string;
      hasMore: boolean;
    };
    ConnectionUpdatedEventDto: {
      /** @enum {string} */
      type: 'connection.updated';
      /** Format: uuid */
      connectionId: string;
      /** @example slack */
      providerId: string;
      /** @enum {string} */
      status: 'ACTIVE' | 'ERROR' | 'DISCONNECTED';
      /** @enum {string|null} */
      statusReason:
        | 'NEEDS_REAUTH'
        | 'INSUFFICIENT_SCOPE'
        | 'PROVIDER_UNAVAILABLE'
        | 'REFRESH_FAILING'
        | 'INVALID_CONFIG'
        | 'DISCONNECTED_BY_USER'
        | null;
      statusMessage: string | null;
      /** Format: date-time */
      lastSyncedAt: string | null;
    };
    SyncRunEventDto: {
      /** @enum {string} */
      type: 'sync.run';
      /** Format: uuid */
      connectionId: string;
      /** @example dub */
      providerId: string;
      /** Format: uuid */
      runId: string;
      /** @enum {string} */
      status: 'QUEUED' | 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'CANCELLED';
      /** @enum {string} */
      trigger: 'MANUAL' | 'SCHEDULED' | 'INITIAL';
      counts: components['schemas']['SyncCountsDto'];
      pages: number;
      resource: string | null;
      /** @description The error code of a failed run. */
      error: string | null;
    };
    ProviderAppDto: {
      /** @example slack */
      providerId: string;
      /** @example Slack */
      providerName: string;
      /**
       * @description Where the credentials in use come from.
       * @enum {string}
       */
      source: 'database' | 'environment' | 'none';
      clientId: string | null;
      /** @description The secret itself is never returned. */
      hasClientSecret: boolean;
      /**
       * @example [
       *       "OAUTH_SLACK_CLIENT_ID",
       *       "OAUTH_SLACK_CLIENT_SECRET"
       *     ]
       */
      environmentVariables: string[];
      /**
       * @description Give this redirect URI when registering the app.
       * @example https://hub.example.com/api/integrations/slack/callback
       */
      redirectUri: string;
      /** @example https://api.slack.com/apps */
      appRegistrationUrl: string;
      /** Format: date-time */
      updatedAt: string | null;
    };
    SetProviderAppDto: {
      /** @example 1234567890.1234567890 */
      clientId: string;
      /**
       * Format: password
       * @description Stored encrypted; never returned.
       */
      clientSecret: string;
    };
    ConnectorNetworkDto: {
      /** @example 10.20.0.0/16 */
      cidr: string;
      /** @example Analytics VPC */
      description: string;
      /** Format: date-time */
      createdAt: string;
    };
    ConnectorNetworksDto: {
      /**
       * @description From `CONNECTOR_ALLOWED_NETWORKS`: changed in the deployment, not through the API.
       * @example [
       *       "127.0.0.0/8",
       *       "::1/128"
       *     ]
       */
      configured: string[];
      /** @description Added by instance admins; every change is audited. */
      added: components['schemas']['ConnectorNetworkDto'][];
    };
    AddConnectorNetworkDto: {
      /**
       * @description One IPv4 or IPv6 network in CIDR notation (not /0).
       * @example 10.20.0.0/16
       */
      cidr: string;
      /** @example Analytics VPC */
      description?: string;
    };
    AuditEventDto: {
      /** @example 1042 */
      id: string;
      /** Format: date-time */
      occurredAt: string;
      /** Format: uuid */
      workspaceId: string | null;
      /** @enum {string} */
      actorType: 'user' | 'api_key' | 'system' | 'anonymous';
      /** @example 6a1f0c9e-3b2d-4e5f-8a7b-9c0d1e2f3a4b */
      actorId: string | null;
      /** @example ada@example.com */
      actorLabel: string | null;
      /** @example connection.disconnected */
      action: string;
      /** @example connection */
      targetType: string | null;
      /** @example 3f0b8c1e-2a4d-4e6f-8a9b-0c1d2e3f4a5b */
      targetId: string | null;
      /** @enum {string} */
      outcome: 'success' | 'failure' | 'denied';
      /** @example not_workspace_admin */
      reason: string | null;
      /** @example 4f1c2a7e-0b9e-4d8f-9a55-0c1d2e3f4a5b */
      requestId: string | null;
      /** @example 203.0.113.7 */
      ip: string | null;
      /** @example Mozilla/5.0 */
      userAgent: string | null;
      /**
       * @example {
       *       "providerId": "slack",
       *       "purged": false
       *     }
       */
      details: {
        [key: string]: unknown;
      };
    };
    AuditPageDto: {
      /** @description Newest first. */
      events: components['schemas']['AuditEventDto'][];
      /**
       * @description Pass as `before` for the next page; null on the last.
       * @example 1234
       */
      nextBefore: string | null;
    };
    FieldProblem: {
      /**
       * @description The request field, as a dotted path.
       * @example syncFrequency
       */
      field: string;
      /** @example syncFrequency must be one of the following values: hourly, daily */
      message: string;
    };
    ProblemDetails: {
      /**
       * @description A URI naming the problem type.
       * @example about:blank
       */
      type: string;
      /** @example Bad Request */
      title: string;
      /** @example 400 */
      status: number;
      /** @example The request has 1 invalid field. */
      detail: string;
      /**
       * @description The path of the request that failed.
       * @example /api/connections/42
       */
      instance: string;
      /**
       * @description Also sent as the X-Request-Id header; quote it in support requests.
       * @example 4f1c2a7e-0b9e-4d8f-9a55-0c1d2e3f4a5b
       */
      requestId: string;
      /** @description On 400: each invalid field. */
      errors?: components['schemas']['FieldProblem'][];
      /**
       * @description On 429: also the Retry-After header.
       * @example 30
       */
      retryAfterSeconds?: number;
      /**
       * @description On the readiness 503: each dependency checked.
       * @example {
       *       "database": {
       *         "status": "up"
       *       },
       *       "redis": {
       *         "status": "down",
       *         "message": "timeout"
       *       }
       *     }
       */
      checks?: {
        [key: string]: components['schemas']['HealthIndicatorDto'];
      };
    };
  };
  responses: never;
  parameters: never;
  requestBodies: never;
  headers: never;
  pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
  getLiveness: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Success. */
      200: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['HealthDto'];
        };
      };
    };
  };
  getReadiness: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Success. */
      200: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['HealthDto'];
        };
      };
      /** @description A service the hub depends on is unavailable. */
      503: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
    };
  };
  signIn: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['SignInDto'];
      };
    };
    responses: {
      /** @description Success. */
      200: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          /** @description The session cookie (HttpOnly) and the `XSRF-TOKEN` cookie to echo in `X-XSRF-TOKEN`. */
          'Set-Cookie': string;
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['SessionDto'];
        };
      };
      /** @description The request is malformed or a field is invalid. */
      400: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description Not signed in, or the API key is unknown, revoked or expired. */
      401: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description A change sent from another origin. */
      403: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description The body is larger than the api accepts. */
      413: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description The body is not `application/json`. */
      415: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description The Host is not the one this hub is published at (PUBLIC_URL). */
      421: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description Too many attempts; see Retry-After. */
      429: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          /** @description Seconds to wait before trying again (also `retryAfterSeconds` in the body). */
          'Retry-After': number;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
    };
  };
  signOut: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Done; no body. */
      204: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          /** @description Clears the session and XSRF-TOKEN cookies. */
          'Set-Cookie': string;
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description The request is malformed or a field is invalid. */
      400: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description Not signed in, or the API key is unknown, revoked or expired. */
      401: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description Signed in, but the role does not allow this (or a CSRF token is missing). */
      403: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description The body is larger than the api accepts. */
      413: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description The body is not `application/json`. */
      415: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description The Host is not the one this hub is published at (PUBLIC_URL). */
      421: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
    };
  };
  getSession: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Success. */
      200: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['SessionDto'];
        };
      };
      /** @description The request is malformed or a field is invalid. */
      400: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description Not signed in, or the API key is unknown, revoked or expired. */
      401: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description Signed in, but the role does not allow this (or a CSRF token is missing). */
      403: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description The Host is not the one this hub is published at (PUBLIC_URL). */
      421: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
    };
  };
  switchWorkspace: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['SwitchWorkspaceDto'];
      };
    };
    responses: {
      /** @description Success. */
      200: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['SessionDto'];
        };
      };
      /** @description The request is malformed or a field is invalid. */
      400: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description Not signed in, or the API key is unknown, revoked or expired. */
      401: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description Signed in, but the role does not allow this (or a CSRF token is missing). */
      403: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description No such object in this workspace. */
      404: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description The body is larger than the api accepts. */
      413: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description The body is not `application/json`. */
      415: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description The Host is not the one this hub is published at (PUBLIC_URL). */
      421: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
    };
  };
  listMyWorkspaces: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Success. */
      200: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['WorkspaceDto'][];
        };
      };
      /** @description The request is malformed or a field is invalid. */
      400: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description Not signed in, or the API key is unknown, revoked or expired. */
      401: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description Signed in, but the role does not allow this (or a CSRF token is missing). */
      403: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description The Host is not the one this hub is published at (PUBLIC_URL). */
      421: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
    };
  };
  createWorkspace: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['WorkspaceNameDto'];
      };
    };
    responses: {
      /** @description Success. */
      201: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['WorkspaceDto'];
        };
      };
      /** @description The request is malformed or a field is invalid. */
      400: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description Not signed in, or the API key is unknown, revoked or expired. */
      401: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description Signed in, but the role does not allow this (or a CSRF token is missing). */
      403: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description The body is larger than the api accepts. */
      413: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description The body is not `application/json`. */
      415: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description The Host is not the one this hub is published at (PUBLIC_URL). */
      421: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
    };
  };
  getCurrentWorkspace: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Success. */
      200: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['WorkspaceDto'];
        };
      };
      /** @description The request is malformed or a field is invalid. */
      400: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description Not signed in, or the API key is unknown, revoked or expired. */
      401: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description Signed in, but the role does not allow this (or a CSRF token is missing). */
      403: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description The Host is not the one this hub is published at (PUBLIC_URL). */
      421: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
    };
  };
  renameWorkspace: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['WorkspaceNameDto'];
      };
    };
    responses: {
      /** @description Success. */
      200: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['WorkspaceDto'];
        };
      };
      /** @description The request is malformed or a field is invalid. */
      400: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description Not signed in, or the API key is unknown, revoked or expired. */
      401: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description Signed in, but the role does not allow this (or a CSRF token is missing). */
      403: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description The body is larger than the api accepts. */
      413: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description The body is not `application/json`. */
      415: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description The Host is not the one this hub is published at (PUBLIC_URL). */
      421: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
    };
  };
  listMembers: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Success. */
      200: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['MemberDto'][];
        };
      };
      /** @description The request is malformed or a field is invalid. */
      400: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description Not signed in, or the API key is unknown, revoked or expired. */
      401: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description Signed in, but the role does not allow this (or a CSRF token is missing). */
      403: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description The Host is not the one this hub is published at (PUBLIC_URL). */
      421: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
    };
  };
  removeMember: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        userId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Done; no body. */
      204: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description The request is malformed or a field is invalid. */
      400: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description Not signed in, or the API key is unknown, revoked or expired. */
      401: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description Signed in, but the role does not allow this (or a CSRF token is missing). */
      403: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description No such object in this workspace. */
      404: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description The body is larger than the api accepts. */
      413: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description The body is not `application/json`. */
      415: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description The Host is not the one this hub is published at (PUBLIC_URL). */
      421: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description The request is well-formed but cannot be carried out. */
      422: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
    };
  };
  changeMemberRole: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        userId: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['ChangeRoleDto'];
      };
    };
    responses: {
      /** @description Success. */
      200: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['MemberDto'];
        };
      };
      /** @description The request is malformed or a field is invalid. */
      400: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description Not signed in, or the API key is unknown, revoked or expired. */
      401: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description Signed in, but the role does not allow this (or a CSRF token is missing). */
      403: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description No such object in this workspace. */
      404: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description The body is larger than the api accepts. */
      413: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description The body is not `application/json`. */
      415: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description The Host is not the one this hub is published at (PUBLIC_URL). */
      421: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description The request is well-formed but cannot be carried out. */
      422: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
    };
  };
  listInvitations: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Success. */
      200: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['InvitationDto'][];
        };
      };
      /** @description The request is malformed or a field is invalid. */
      400: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description Not signed in, or the API key is unknown, revoked or expired. */
      401: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description Signed in, but the role does not allow this (or a CSRF token is missing). */
      403: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description The Host is not the one this hub is published at (PUBLIC_URL). */
      421: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
    };
  };
  createInvitation: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['CreateInvitationDto'];
      };
    };
    responses: {
      /** @description Success. */
      201: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['CreatedInvitationDto'];
        };
      };
      /** @description The request is malformed or a field is invalid. */
      400: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description Not signed in, or the API key is unknown, revoked or expired. */
      401: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description Signed in, but the role does not allow this (or a CSRF token is missing). */
      403: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description The change conflicts with the current state. */
      409: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description The body is larger than the api accepts. */
      413: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description The body is not `application/json`. */
      415: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description The Host is not the one this hub is published at (PUBLIC_URL). */
      421: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
    };
  };
  revokeInvitation: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Done; no body. */
      204: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description The request is malformed or a field is invalid. */
      400: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description Not signed in, or the API key is unknown, revoked or expired. */
      401: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description Signed in, but the role does not allow this (or a CSRF token is missing). */
      403: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description No such object in this workspace. */
      404: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description The body is larger than the api accepts. */
      413: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description The body is not `application/json`. */
      415: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description The Host is not the one this hub is published at (PUBLIC_URL). */
      421: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
    };
  };
  acceptInvitation: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['AcceptInvitationDto'];
      };
    };
    responses: {
      /** @description Success. */
      200: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          /** @description When the invitation created the account: its session, as sign-in sets it. */
          'Set-Cookie'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['AcceptedInvitationDto'];
        };
      };
      /** @description The request is malformed or a field is invalid. */
      400: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description A change sent from another origin. */
      403: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description No such object in this workspace. */
      404: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description The change conflicts with the current state. */
      409: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description The body is larger than the api accepts. */
      413: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description The body is not `application/json`. */
      415: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description The Host is not the one this hub is published at (PUBLIC_URL). */
      421: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description The request is well-formed but cannot be carried out. */
      422: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
    };
  };
  listApiKeys: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Success. */
      200: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ApiKeyDto'][];
        };
      };
      /** @description The request is malformed or a field is invalid. */
      400: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description Not signed in, or the API key is unknown, revoked or expired. */
      401: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description Signed in, but the role does not allow this (or a CSRF token is missing). */
      403: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description The Host is not the one this hub is published at (PUBLIC_URL). */
      421: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
    };
  };
  createApiKey: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['CreateApiKeyDto'];
      };
    };
    responses: {
      /** @description Success. */
      201: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['CreatedApiKeyDto'];
        };
      };
      /** @description The request is malformed or a field is invalid. */
      400: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description Not signed in, or the API key is unknown, revoked or expired. */
      401: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description Signed in, but the role does not allow this (or a CSRF token is missing). */
      403: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description The body is larger than the api accepts. */
      413: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description The body is not `application/json`. */
      415: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description The Host is not the one this hub is published at (PUBLIC_URL). */
      421: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
    };
  };
  revokeApiKey: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Done; no body. */
      204: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description The request is malformed or a field is invalid. */
      400: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description Not signed in, or the API key is unknown, revoked or expired. */
      401: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description Signed in, but the role does not allow this (or a CSRF token is missing). */
      403: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description No such object in this workspace. */
      404: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description The body is larger than the api accepts. */
      413: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description The body is not `application/json`. */
      415: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description The Host is not the one this hub is published at (PUBLIC_URL). */
      421: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
    };
  };
  listIntegrations: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Success. */
      200: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['IntegrationCatalogDto'];
        };
      };
      /** @description The request is malformed or a field is invalid. */
      400: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description Not signed in, or the API key is unknown, revoked or expired. */
      401: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description Signed in, but the role does not allow this (or a CSRF token is missing). */
      403: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description The Host is not the one this hub is published at (PUBLIC_URL). */
      421: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
    };
  };
  connectWithCredentials: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        provider: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['ConnectWithCredentialsDto'];
      };
    };
    responses: {
      /** @description The workspace’s connection was updated with these fields. */
      200: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ConnectionDto'];
        };
      };
      /** @description Connected: a new connection. */
      201: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ConnectionDto'];
        };
      };
      /** @description The request is malformed or a field is invalid. */
      400: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description Not signed in, or the API key is unknown, revoked or expired. */
      401: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description Signed in, but the role does not allow this (or a CSRF token is missing). */
      403: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description No such object in this workspace. */
      404: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description The change conflicts with the current state. */
      409: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description The body is larger than the api accepts. */
      413: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description The body is not `application/json`. */
      415: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description The Host is not the one this hub is published at (PUBLIC_URL). */
      421: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description The request is well-formed but cannot be carried out. */
      422: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description Too many attempts; see Retry-After. */
      429: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          /** @description Seconds to wait before trying again (also `retryAfterSeconds` in the body). */
          'Retry-After': number;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
    };
  };
  testCredentials: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        provider: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['ConnectWithCredentialsDto'];
      };
    };
    responses: {
      /** @description Success. */
      200: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['CredentialsTestResultDto'];
        };
      };
      /** @description The request is malformed or a field is invalid. */
      400: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description Not signed in, or the API key is unknown, revoked or expired. */
      401: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description Signed in, but the role does not allow this (or a CSRF token is missing). */
      403: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description No such object in this workspace. */
      404: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description The change conflicts with the current state. */
      409: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description The body is larger than the api accepts. */
      413: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description The body is not `application/json`. */
      415: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description The Host is not the one this hub is published at (PUBLIC_URL). */
      421: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description The request is well-formed but cannot be carried out. */
      422: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description Too many attempts; see Retry-After. */
      429: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          /** @description Seconds to wait before trying again (also `retryAfterSeconds` in the body). */
          'Retry-After': number;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
    };
  };
  startConnect: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        provider: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['StartConnectDto'];
      };
    };
    responses: {
      /** @description Success. */
      200: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          /** @description The browser-binding cookie of this flow (HttpOnly, read only by the callback). */
          'Set-Cookie': string;
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['AuthorizationRedirectDto'];
        };
      };
      /** @description The request is malformed or a field is invalid. */
      400: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description Not signed in, or the API key is unknown, revoked or expired. */
      401: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description Signed in, but the role does not allow this (or a CSRF token is missing). */
      403: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description No such object in this workspace. */
      404: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description The change conflicts with the current state. */
      409: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description The body is larger than the api accepts. */
      413: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description The body is not `application/json`. */
      415: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description The Host is not the one this hub is published at (PUBLIC_URL). */
      421: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
    };
  };
  startAdminConsent: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        provider: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['StartConnectDto'];
      };
    };
    responses: {
      /** @description Success. */
      200: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          /** @description The browser-binding cookie of this flow (HttpOnly, read only by the callback). */
          'Set-Cookie': string;
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['AuthorizationRedirectDto'];
        };
      };
      /** @description The request is malformed or a field is invalid. */
      400: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description Not signed in, or the API key is unknown, revoked or expired. */
      401: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description Signed in, but the role does not allow this (or a CSRF token is missing). */
      403: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description No such object in this workspace. */
      404: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description The change conflicts with the current state. */
      409: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description The body is larger than the api accepts. */
      413: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description The body is not `application/json`. */
      415: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description The Host is not the one this hub is published at (PUBLIC_URL). */
      421: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
    };
  };
  completeConnect: {
    parameters: {
      query?: {
        /** @description The approving administrator’s tenant (admin consent). */
        tenant?: unknown;
        /** @description `True` when an administrator approved the permissions (the admin-consent redirect). */
        admin_consent?: unknown;
        /** @description The provider’s words for the error. */
        error_description?: unknown;
        /** @description The provider’s error code, when the person declined or it failed. */
        error?: unknown;
        /** @description The issuer (RFC 9207), where the provider sends it. */
        iss?: unknown;
        /** @description The authorization code, on success. */
        code?: unknown;
        /** @description The state the hub sent with the authorization request. */
        state?: unknown;
      };
      header?: never;
      path: {
        provider: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Back to the integrations page, with the outcome in its query. */
      303: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          /** @description The page to return to, with `?success=<provider>_connected` or `?error=<code>`. */
          Location: string;
          /** @description Clears this flow’s browser-binding cookie. */
          'Set-Cookie'?: string;
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description The request is malformed or a field is invalid. */
      400: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description No such object in this workspace. */
      404: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description The change conflicts with the current state. */
      409: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description The Host is not the one this hub is published at (PUBLIC_URL). */
      421: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
    };
  };
  listConnections: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Success. */
      200: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ConnectionDto'][];
        };
      };
      /** @description The request is malformed or a field is invalid. */
      400: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description Not signed in, or the API key is unknown, revoked or expired. */
      401: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description Signed in, but the role does not allow this (or a CSRF token is missing). */
      403: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description The Host is not the one this hub is published at (PUBLIC_URL). */
      421: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
    };
  };
  getConnection: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Success. */
      200: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ConnectionDto'];
        };
      };
      /** @description The request is malformed or a field is invalid. */
      400: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description Not signed in, or the API key is unknown, revoked or expired. */
      401: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description Signed in, but the role does not allow this (or a CSRF token is missing). */
      403: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description No such object in this workspace. */
      404: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description The Host is not the one this hub is published at (PUBLIC_URL). */
      421: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
    };
  };
  disconnectConnection: {
    parameters: {
      query?: {
        /** @description Also delete the data synced from this connection. */
        purge?: 'true' | 'false';
      };
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Done; no body. */
      204: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description The request is malformed or a field is invalid. */
      400: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description Not signed in, or the API key is unknown, revoked or expired. */
      401: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description Signed in, but the role does not allow this (or a CSRF token is missing). */
      403: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description No such object in this workspace. */
      404: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description The body is larger than the api accepts. */
      413: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description The body is not `application/json`. */
      415: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description The Host is not the one this hub is published at (PUBLIC_URL). */
      421: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
    };
  };
  updateConnection: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['UpdateConnectionDto'];
      };
    };
    responses: {
      /** @description Success. */
      200: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ConnectionDto'];
        };
      };
      /** @description The request is malformed or a field is invalid. */
      400: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description Not signed in, or the API key is unknown, revoked or expired. */
      401: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description Signed in, but the role does not allow this (or a CSRF token is missing). */
      403: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description No such object in this workspace. */
      404: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description The body is larger than the api accepts. */
      413: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description The body is not `application/json`. */
      415: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description The Host is not the one this hub is published at (PUBLIC_URL). */
      421: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
    };
  };
  startSync: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Success. */
      202: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['SyncRunDto'];
        };
      };
      /** @description The request is malformed or a field is invalid. */
      400: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description Not signed in, or the API key is unknown, revoked or expired. */
      401: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description Signed in, but the role does not allow this (or a CSRF token is missing). */
      403: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description No such object in this workspace. */
      404: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description The change conflicts with the current state. */
      409: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description The body is larger than the api accepts. */
      413: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description The body is not `application/json`. */
      415: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description The Host is not the one this hub is published at (PUBLIC_URL). */
      421: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description A service the hub depends on is unavailable. */
      503: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
    };
  };
  listSyncRuns: {
    parameters: {
      query?: {
        limit?: number;
        /** @description Runs queued before this time (the last `queuedAt` seen). */
        before?: string;
      };
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Success. */
      200: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['SyncRunDto'][];
        };
      };
      /** @description The request is malformed or a field is invalid. */
      400: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description Not signed in, or the API key is unknown, revoked or expired. */
      401: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description Signed in, but the role does not allow this (or a CSRF token is missing). */
      403: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description No such object in this workspace. */
      404: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description The Host is not the one this hub is published at (PUBLIC_URL). */
      421: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
    };
  };
  getSyncRun: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
        runId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Success. */
      200: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['SyncRunDto'];
        };
      };
      /** @description The request is malformed or a field is invalid. */
      400: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description Not signed in, or the API key is unknown, revoked or expired. */
      401: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description Signed in, but the role does not allow this (or a CSRF token is missing). */
      403: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description No such object in this workspace. */
      404: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description The Host is not the one this hub is published at (PUBLIC_URL). */
      421: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
    };
  };
  cancelSyncRun: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
        runId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Success. */
      200: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['SyncRunDto'];
        };
      };
      /** @description The request is malformed or a field is invalid. */
      400: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description Not signed in, or the API key is unknown, revoked or expired. */
      401: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description Signed in, but the role does not allow this (or a CSRF token is missing). */
      403: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description No such object in this workspace. */
      404: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description The change conflicts with the current state. */
      409: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description The body is larger than the api accepts. */
      413: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description The body is not `application/json`. */
      415: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description The Host is not the one this hub is published at (PUBLIC_URL). */
      421: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
    };
  };
  listRecords: {
    parameters: {
      query?: {
        /** @description Only this resource. */
        resource?: string;
        /** @description The `nextCursor` of the previous page: changes after it. */
        cursor?: string;
        /** @description Only records that changed at or after this time. */
        changedSince?: string;
        limit?: number;
      };
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Success. */
      200: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['RecordChangesDto'];
        };
      };
      /** @description The request is malformed or a field is invalid. */
      400: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description Not signed in, or the API key is unknown, revoked or expired. */
      401: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description Signed in, but the role does not allow this (or a CSRF token is missing). */
      403: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description No such object in this workspace. */
      404: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description The Host is not the one this hub is published at (PUBLIC_URL). */
      421: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
    };
  };
  streamEvents: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Success. */
      200: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'text/event-stream': string;
        };
      };
      /** @description The request is malformed or a field is invalid. */
      400: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description Not signed in, or the API key is unknown, revoked or expired. */
      401: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description Signed in, but the role does not allow this (or a CSRF token is missing). */
      403: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description The Host is not the one this hub is published at (PUBLIC_URL). */
      421: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
    };
  };
  listProviderApps: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Success. */
      200: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ProviderAppDto'][];
        };
      };
      /** @description The request is malformed or a field is invalid. */
      400: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description Not signed in, or the API key is unknown, revoked or expired. */
      401: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description Signed in, but the role does not allow this (or a CSRF token is missing). */
      403: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description The Host is not the one this hub is published at (PUBLIC_URL). */
      421: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
    };
  };
  setProviderApp: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        provider: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['SetProviderAppDto'];
      };
    };
    responses: {
      /** @description Success. */
      200: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ProviderAppDto'];
        };
      };
      /** @description The request is malformed or a field is invalid. */
      400: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description Not signed in, or the API key is unknown, revoked or expired. */
      401: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description Signed in, but the role does not allow this (or a CSRF token is missing). */
      403: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description No such object in this workspace. */
      404: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description The change conflicts with the current state. */
      409: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description The body is larger than the api accepts. */
      413: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description The body is not `application/json`. */
      415: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description The Host is not the one this hub is published at (PUBLIC_URL). */
      421: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
    };
  };
  removeProviderApp: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        provider: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Done; no body. */
      204: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description The request is malformed or a field is invalid. */
      400: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description Not signed in, or the API key is unknown, revoked or expired. */
      401: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description Signed in, but the role does not allow this (or a CSRF token is missing). */
      403: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description No such object in this workspace. */
      404: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description The change conflicts with the current state. */
      409: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description The body is larger than the api accepts. */
      413: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description The body is not `application/json`. */
      415: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description The Host is not the one this hub is published at (PUBLIC_URL). */
      421: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
    };
  };
  listConnectorNetworks: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Success. */
      200: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ConnectorNetworksDto'];
        };
      };
      /** @description The request is malformed or a field is invalid. */
      400: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description Not signed in, or the API key is unknown, revoked or expired. */
      401: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description Signed in, but the role does not allow this (or a CSRF token is missing). */
      403: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description The Host is not the one this hub is published at (PUBLIC_URL). */
      421: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
    };
  };
  addConnectorNetwork: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['AddConnectorNetworkDto'];
      };
    };
    responses: {
      /** @description Success. */
      201: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ConnectorNetworksDto'];
        };
      };
      /** @description The request is malformed or a field is invalid. */
      400: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description Not signed in, or the API key is unknown, revoked or expired. */
      401: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description Signed in, but the role does not allow this (or a CSRF token is missing). */
      403: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description The change conflicts with the current state. */
      409: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description The body is larger than the api accepts. */
      413: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description The body is not `application/json`. */
      415: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description The Host is not the one this hub is published at (PUBLIC_URL). */
      421: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description The request is well-formed but cannot be carried out. */
      422: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
    };
  };
  removeConnectorNetwork: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        cidr: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Done; no body. */
      204: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description The request is malformed or a field is invalid. */
      400: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description Not signed in, or the API key is unknown, revoked or expired. */
      401: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description Signed in, but the role does not allow this (or a CSRF token is missing). */
      403: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description No such object in this workspace. */
      404: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description The body is larger than the api accepts. */
      413: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description The body is not `application/json`. */
      415: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description The Host is not the one this hub is published at (PUBLIC_URL). */
      421: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description The request is well-formed but cannot be carried out. */
      422: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
    };
  };
  listAuditEvents: {
    parameters: {
      query?: {
        /** @description An action (`auth.sign_in`), or a prefix ending in a dot (`connection.`). */
        action?: string;
        outcome?: 'success' | 'failure' | 'denied';
        /** @description A user or API key id. */
        actorId?: string;
        targetType?: string;
        targetId?: string;
        since?: string;
        until?: string;
        /** @description The `nextBefore` of the previous page. */
        before?: string;
        limit?: number;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Success. */
      200: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['AuditPageDto'];
        };
      };
      /** @description The request is malformed or a field is invalid. */
      400: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description Not signed in, or the API key is unknown, revoked or expired. */
      401: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description Signed in, but the role does not allow this (or a CSRF token is missing). */
      403: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
      /** @description The Host is not the one this hub is published at (PUBLIC_URL). */
      421: {
        headers: {
          /** @description The id of this request, also in problem+json bodies; quote it in support requests. */
          'X-Request-Id'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['ProblemDetails'];
        };
      };
    };
  };
}

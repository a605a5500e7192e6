import { Injectable, Module } from '@nestjs/common';
import {
  type AccountInfo,
  type CheckResult,
  IntegrationError,
  type IntegrationProvider,
  IntegrationProviderClass,
  type ProviderCredentials,
  type ProviderManifest,
} from '@hub/server/integrations/core';

/**
 * A credentials-form provider for API tests only, standing in for PostgreSQL until its module
 * exists: "connects" when the password is `let-me-in`, and names the account after host and user.
 */
export const TEST_DB_MANIFEST: ProviderManifest = {
  id: 'test-db',
  name: 'Test Database',
  description: 'A database for the API tests.',
  category: 'Databases',
  logo: 'providers/postgresql.svg',
  docsUrl: 'https://example.com/docs',
  availability: 'available',
  auth: {
    kind: 'credentials',
    fields: [
      { key: 'host', label: 'Host', type: 'text', required: true, secret: false, maxLength: 253 },
      { key: 'port', label: 'Port', type: 'number', required: false, secret: false, default: 5432, min: 1, max: 65535 },
      { key: 'user', label: 'User', type: 'text', required: true, secret: false },
      { key: 'password', label: 'Password', type: 'password', required: true, secret: true },
    ],
  },
  sync: {
    resources: [{ id: 'rows', name: 'Rows', description: 'Rows of the selected tables.' }],
    defaultFrequencyMinutes: 30,
  },
};

@Injectable()
@IntegrationProviderClass()
export class TestCredentialsProvider implements IntegrationProvider {
  readonly manifest = TEST_DB_MANIFEST;

  private account(credentials: ProviderCredentials): AccountInfo {
    return {
      externalAccountId: `${credentials['host']}/${credentials['user']}`,
      displayName: `${credentials['user']}@${credentials['host']}`,
    };
  }

  async getAccountInfo({ credentials }: { credentials: ProviderCredentials }): Promise<AccountInfo> {
    return this.account(credentials);
  }

  async testCredentials({ credentials }: { credentials: ProviderCredentials }): Promise<CheckResult> {
    if (credentials['password'] !== 'let-me-in') return { ok: false, message: 'The database refused the connection.' };
    return { ok: true, account: this.account(credentials) };
  }

  toIntegrationError(error: unknown): IntegrationError {
    return new IntegrationError('UNKNOWN', error instanceof Error ? error.name : 'Unknown error');
  }
}

@Module({ providers: [TestCredentialsProvider] })
export class TestCredentialsProviderModule {}

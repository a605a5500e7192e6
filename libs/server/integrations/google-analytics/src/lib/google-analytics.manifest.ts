import { googleOAuth, type ProviderManifest } from '@hub/server/integrations/core';

/**
 * Google Analytics (GA4): properties through the Analytics Admin API, and a daily report through the
 * Analytics Data API.
 *
 * OAuth endpoints and parameters: https://developers.google.com/identity/protocols/oauth2/web-server
 * Scopes: accountSummaries.list and properties.runReport both take analytics.readonly
 * (https://developers.google.com/analytics/devguides/config/admin/v1/rest/v1beta/accountSummaries/list,
 * https://developers.google.com/analytics/devguides/reporting/data/v1/rest/v1beta/properties/runReport).
 */
export const GOOGLE_ANALYTICS_MANIFEST: ProviderManifest = {
  id: 'google-analytics',
  name: 'Google Analytics',
  description: 'Sync properties and daily sessions and users from Google Analytics',
  category: 'Analytics',
  logo: 'providers/google-analytics.svg',
  docsUrl: 'https://developers.google.com/analytics/devguides/config/admin/v1',
  availability: 'available',
  // analytics.readonly covers both APIs (both methods above list it, next to analytics.edit). Neither
  // returns who connected, so `openid email` adds the ID token's `sub` and email: the connection's
  // account id and "connected as" (https://developers.google.com/identity/openid-connect/openid-connect#scope-param).
  auth: googleOAuth(['https://www.googleapis.com/auth/analytics.readonly', 'openid', 'email']),
  // The Admin API lists accounts and properties. Reports come from the Data API, on a second host
  // (properties/{id}:runReport), redirected with the base URL (under `<override>/_hosts/data`).
  api: {
    baseUrl: 'https://analyticsadmin.googleapis.com/v1beta',
    hosts: { data: 'https://analyticsdata.googleapis.com/v1beta' },
  },
  sync: {
    resources: [
      {
        id: 'properties',
        name: 'Properties',
        description: 'The Google Analytics accounts and GA4 properties you can see, with their names and types',
      },
      {
        id: 'daily-report',
        name: 'Daily report',
        description: 'Sessions, total users and new users per day for each property',
      },
    ],
    // Daily figures settle over the day; twice a day is enough.
    defaultFrequencyMinutes: 720,
  },
};

import express, { type Response, type Router } from 'express';
import type { ApiContext } from '../../lib/provider-definition';
import { GraphError } from './graph-errors';
import {
  type GraphType,
  odataContext,
  parseSelect,
  queryOption,
  requirePermission,
  selectProperties,
} from './graph-request';
import { graphUserId, type MicrosoftPersona } from './personas';

/**
 * Who connected, as every Microsoft 365 emulation answers it: `GET /me` and `GET /organization` for the
 * signed-in persona (personas.ts).
 */

/** user properties of v1.0 (https://learn.microsoft.com/en-us/graph/api/resources/user), for `$select`. */
export const USER_TYPE: GraphType = {
  name: 'microsoft.graph.user',
  properties: [
    'aboutMe',
    'accountEnabled',
    'ageGroup',
    'assignedLicenses',
    'assignedPlans',
    'birthday',
    'businessPhones',
    'city',
    'companyName',
    'consentProvidedForMinor',
    'country',
    'createdDateTime',
    'creationType',
    'deletedDateTime',
    'department',
    'displayName',
    'employeeHireDate',
    'employeeId',
    'employeeOrgData',
    'employeeType',
    'externalUserState',
    'faxNumber',
    'givenName',
    'hireDate',
    'id',
    'identities',
    'imAddresses',
    'interests',
    'isResourceAccount',
    'jobTitle',
    'lastPasswordChangeDateTime',
    'legalAgeGroupClassification',
    'mail',
    'mailNickname',
    'mobilePhone',
    'mySite',
    'officeLocation',
    'onPremisesDistinguishedName',
    'onPremisesDomainName',
    'onPremisesImmutableId',
    'onPremisesSamAccountName',
    'onPremisesSyncEnabled',
    'onPremisesUserPrincipalName',
    'otherMails',
    'passwordPolicies',
    'pastProjects',
    'postalCode',
    'preferredDataLocation',
    'preferredLanguage',
    'preferredName',
    'proxyAddresses',
    'responsibilities',
    'schools',
    'securityIdentifier',
    'showInAddressList',
    'signInSessionsValidFromDateTime',
    'skills',
    'state',
    'streetAddress',
    'surname',
    'usageLocation',
    'userPrincipalName',
    'userType',
  ],
};

/** organization properties of v1.0 (https://learn.microsoft.com/en-us/graph/api/resources/organization). */
export const ORGANIZATION_TYPE: GraphType = {
  name: 'microsoft.graph.organization',
  properties: [
    'assignedPlans',
    'businessPhones',
    'city',
    'country',
    'countryLetterCode',
    'createdDateTime',
    'defaultUsageLocation',
    'deletedDateTime',
    'displayName',
    'id',
    'marketingNotificationEmails',
    'onPremisesLastSyncDateTime',
    'onPremisesSyncEnabled',
    'postalCode',
    'preferredLanguage',
    'privacyProfile',
    'provisionedPlans',
    'securityComplianceNotificationMails',
    'securityComplianceNotificationPhones',
    'state',
    'street',
    'technicalNotificationMails',
    'tenantType',
    'verifiedDomains',
  ],
};

/**
 * `/me` with its default properties (businessPhones, displayName, givenName, id, jobTitle, mail,
 * mobilePhone, officeLocation, preferredLanguage, surname, userPrincipalName; user-get). A personal
 * account's `mail` is null (its userPrincipalName is its address,
 * https://github.com/OfficeDev/outlook-dev-docs/issues/196) and its `id` 16 hex characters
 * (https://github.com/O365/python-o365/issues/508); it has no work profile.
 */
export function userOf(persona: MicrosoftPersona): Record<string, unknown> {
  const work = persona.kind !== 'personal';
  return {
    businessPhones: work ? ['+1 425 555 0109'] : [],
    displayName: persona.displayName,
    givenName: persona.givenName,
    jobTitle: work ? (persona.isAdmin ? 'IT Administrator' : 'Product Manager') : null,
    mail: persona.mail,
    mobilePhone: null,
    officeLocation: work ? '18/2111' : null,
    preferredLanguage: work ? 'en-US' : null,
    surname: persona.surname,
    userPrincipalName: persona.userPrincipalName,
    id: graphUserId(persona),
  };
}

/** The work persona's tenant as `/organization` lists it (https://learn.microsoft.com/en-us/graph/api/organization-get). */
export function organizationOf(persona: MicrosoftPersona): Record<string, unknown> {
  const domain = persona.userPrincipalName.split('@')[1];
  const initial = `${(persona.tenantName ?? 'tenant').toLowerCase().replace(/[^a-z0-9]/g, '')}.onmicrosoft.com`;
  return {
    id: persona.tenantId,
    deletedDateTime: null,
    businessPhones: ['+1 425 555 0100'],
    city: 'Redmond',
    country: null,
    countryLetterCode: 'US',
    createdDateTime: '2019-03-14T17:02:11Z',
    displayName: persona.tenantName,
    postalCode: '98052',
    preferredLanguage: 'en',
    state: 'WA',
    street: '1 Microsoft Way',
    technicalNotificationMails: [persona.mail ?? persona.userPrincipalName],
    tenantType: 'AAD',
    verifiedDomains: [
      {
        capabilities: 'Email, OfficeCommunicationsOnline',
        isDefault: true,
        isInitial: false,
        name: domain,
        type: 'Managed',
      },
      {
        capabilities: 'Email, OfficeCommunicationsOnline',
        isDefault: false,
        isInitial: true,
        name: initial,
        type: 'Managed',
      },
    ],
  };
}

/**
 * Permissions, least privileged first, from the methods' permissions tables (user-get,
 * organization-get: `User.Read` suffices for both).
 */
const USER_READ = [
  'User.Read',
  'User.ReadWrite',
  'User.ReadBasic.All',
  'User.Read.All',
  'User.ReadWrite.All',
  'Directory.Read.All',
  'Directory.ReadWrite.All',
];
const ORGANIZATION_READ = [
  'User.Read',
  'Organization.Read.All',
  'Directory.Read.All',
  'Organization.ReadWrite.All',
  'Directory.ReadWrite.All',
];
/** The directory's 403 (https://learn.microsoft.com/en-us/graph/json-batching, its example). */
const DIRECTORY_DENIED = {
  code: 'Authorization_RequestDenied',
  message: 'Insufficient privileges to complete the operation.',
};

/**
 * `GET /me` (default properties, or `$select`; a selected property the persona has no value for is
 * null) and `GET /organization` (a work persona's tenant; for a personal account, which organization-get
 * marks "Not supported", what Graph answers it: 500 InternalServerError "Unable to find target address",
 * https://github.com/microsoftgraph/msgraph-sdk-java/issues/823 and
 * https://github.com/microsoftgraph/microsoft-graph-docs/issues/13587). `signedIn` says whose token it is.
 * Graph errors are thrown: mount `graphErrorHandler` after.
 */
export function directoryRoutes(context: ApiContext, signedIn: (res: Response) => MicrosoftPersona): Router {
  const router = express.Router();
  router.get('/me', (req, res) => {
    requirePermission(context, res, USER_READ, DIRECTORY_DENIED);
    const select = parseSelect(queryOption(req, 'select'), USER_TYPE);
    res.json({
      '@odata.context': odataContext(
        context.apiBaseUrl,
        select ? `users(${select.join(',')})/$entity` : 'users/$entity',
      ),
      ...selectProperties(userOf(signedIn(res)), select, { nullForMissing: true }),
    });
  });
  router.get('/organization', (req, res) => {
    requirePermission(context, res, ORGANIZATION_READ, DIRECTORY_DENIED);
    const persona = signedIn(res);
    if (persona.kind === 'personal') {
      throw new GraphError({ status: 500, code: 'InternalServerError', message: 'Unable to find target address' });
    }
    const select = parseSelect(queryOption(req, 'select'), ORGANIZATION_TYPE);
    res.json({
      '@odata.context': odataContext(context.apiBaseUrl, 'organization'),
      value: [selectProperties(organizationOf(persona), select, { always: ['id'], nullForMissing: true })],
    });
  });
  return router;
}

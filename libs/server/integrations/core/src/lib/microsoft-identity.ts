import type { TokenErrorDetails, TokenErrorMeaning } from './integration-provider';

/**
 * The Microsoft identity platform's token refusals, by AADSTS code (`error_codes`), as the hub acts
 * on them (https://learn.microsoft.com/en-us/entra/identity-platform/reference-error-codes). Microsoft
 * asks clients to branch on `error` and the numeric codes, never on `error_description`'s text.
 */
const BY_CODE: Readonly<Record<number, (provider: string) => TokenErrorMeaning>> = {
  70000: reconnect('its sign-in is no longer valid'),
  70008: reconnect('its sign-in expired after a long time unused'),
  700082: reconnect('its sign-in expired after 90 days unused'),
  70043: reconnect('your organisation’s sign-in frequency policy asks you to sign in again'),
  50173: reconnect('the sign-in was revoked (a password reset or “sign out everywhere”)'),
  50089: reconnect('its sign-in expired'),
  50132: reconnect('your password expired or was changed'),
  50133: reconnect('your password expired or was changed'),
  50076: reconnect('your organisation now requires multi-factor authentication'),
  50079: reconnect('your organisation now requires multi-factor authentication'),
  50078: reconnect('your multi-factor authentication expired'),
  65001: reconnect('the permission it was given was withdrawn; connecting again asks for it'),
  53003: (provider) => ({
    kind: 'reconnect',
    message: `Your organisation’s Conditional Access policy blocks ${provider} for the hub: ask your Microsoft 365 administrator.`,
  }),
  90094: (provider) => ({
    kind: 'admin_consent',
    message: `${provider} needs your Microsoft 365 administrator’s approval before it can connect.`,
  }),
  7000215: configuration('the client secret of the hub’s Microsoft Entra app is wrong'),
  7000222: configuration('the client secret of the hub’s Microsoft Entra app has expired'),
  700016: configuration('the hub’s Microsoft Entra app is not known in this tenant'),
  500011: configuration('the hub’s Microsoft Entra app is not known in this tenant'),
  50011: configuration('the redirect URI is not registered on the hub’s Microsoft Entra app'),
  50194: configuration('the hub’s Microsoft Entra app is not multi-tenant'),
  9002325: configuration('the redirect URI is registered as a single-page app: register it as Web'),
  9002326: configuration('the redirect URI is registered as a single-page app: register it as Web'),
  90055: (provider) => ({
    kind: 'temporary',
    message: `Microsoft is throttling ${provider}’s sign-ins; the hub tries again.`,
  }),
};

/**
 * What a refused Microsoft token call means (an AADSTS code known above, else by `error`:
 * `invalid_grant` and `interaction_required` need the person, `invalid_client` an instance admin,
 * `temporarily_unavailable` time). Pure; every Microsoft 365 provider's `describeTokenError`.
 */
export function describeMicrosoftTokenError(
  details: TokenErrorDetails,
  provider: string,
): TokenErrorMeaning | undefined {
  // The callback's refusals carry their code only at the head of the description.
  const described = /^AADSTS(\d{4,9}):/.exec(details.description ?? '');
  const codes = details.errorCodes.length || !described ? details.errorCodes : [Number(described[1])];
  for (const code of codes) {
    const known = BY_CODE[code];
    if (known) return known(provider);
  }
  if (details.error === 'invalid_grant' || details.error === 'interaction_required')
    return reconnect('Microsoft no longer accepts its sign-in')(provider);
  if (details.error === 'invalid_client')
    return configuration('Microsoft refused the hub’s Entra app credentials')(provider);
  if (details.error === 'temporarily_unavailable')
    return { kind: 'temporary', message: `Microsoft’s sign-in service is unavailable; the hub tries again.` };
  return undefined;
}

function reconnect(why: string): (provider: string) => TokenErrorMeaning {
  return (provider) => ({ kind: 'reconnect', message: `Reconnect ${provider}: ${why}.` });
}

function configuration(why: string): (provider: string) => TokenErrorMeaning {
  return (provider) => ({
    kind: 'configuration',
    message: `${provider} cannot refresh its access: ${why}. An instance administrator must fix the app registration.`,
  });
}

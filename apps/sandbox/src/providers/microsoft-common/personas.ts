/**
 * Who signs in to the Microsoft 365 emulations: a member and an administrator of a work tenant, and a
 * personal Microsoft account. The identity platform puts `tid` and `oid` in the ID token
 * (https://learn.microsoft.com/en-us/entra/identity-platform/id-token-claims-reference); Graph answers
 * `/me` and `/organization` for the same person. A personal account's tenant is the consumers tenant
 * 9188040d-6c67-4c5b-b112-36a304b66dad, its `mail` is null (`userPrincipalName` is its address), its
 * `id` is 16 hex characters, and `/organization`, Teams and admin consent do not exist for it.
 */
export type MicrosoftPersonaKind = 'member' | 'admin' | 'personal';

export interface MicrosoftPersona {
  readonly kind: MicrosoftPersonaKind;
  /** `tid`: the tenant's GUID (the consumers tenant for a personal account). */
  readonly tenantId: string;
  /** The tenant's display name (`/organization`); null for a personal account. */
  readonly tenantName: string | null;
  /** `oid` in the ID token and `id` of `/me`. */
  readonly objectId: string;
  readonly displayName: string;
  readonly givenName: string;
  readonly surname: string;
  /** `mail` of `/me`: null for a personal account (and for a work account without Exchange Online). */
  readonly mail: string | null;
  readonly userPrincipalName: string;
  /** May consent for the whole tenant (Global or Privileged Role Administrator). */
  readonly isAdmin: boolean;
}

export const CONSUMERS_TENANT_ID = '9188040d-6c67-4c5b-b112-36a304b66dad';
export const SANDBOX_TENANT_ID = '72f988bf-86f1-41af-91ab-2d7cd011db47';

export const MICROSOFT_PERSONAS: Readonly<Record<MicrosoftPersonaKind, MicrosoftPersona>> = {
  member: {
    kind: 'member',
    tenantId: SANDBOX_TENANT_ID,
    tenantName: 'Contoso Sandbox',
    objectId: '4f1a9b2c-0d3e-4a5b-8c6d-7e8f9a0b1c2d',
    displayName: 'Megan Bowen',
    givenName: 'Megan',
    surname: 'Bowen',
    mail: 'megan.bowen@contoso-sandbox.example',
    userPrincipalName: 'megan.bowen@contoso-sandbox.example',
    isAdmin: false,
  },
  admin: {
    kind: 'admin',
    tenantId: SANDBOX_TENANT_ID,
    tenantName: 'Contoso Sandbox',
    objectId: '9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d',
    displayName: 'Adele Vance',
    givenName: 'Adele',
    surname: 'Vance',
    mail: 'adele.vance@contoso-sandbox.example',
    userPrincipalName: 'adele.vance@contoso-sandbox.example',
    isAdmin: true,
  },
  personal: {
    kind: 'personal',
    tenantId: CONSUMERS_TENANT_ID,
    tenantName: null,
    objectId: '00000000-0000-0000-6a1b-2c3d4e5f6a7b',
    displayName: 'Sam Sandbox',
    givenName: 'Sam',
    surname: 'Sandbox',
    mail: null,
    userPrincipalName: 'sam.sandbox@outlook.example',
    isAdmin: false,
  },
};

/** `/me`'s `id` for a personal account is 16 hex characters, not the `oid` GUID. */
export function graphUserId(persona: MicrosoftPersona): string {
  return persona.kind === 'personal' ? persona.objectId.replace(/-/g, '').slice(-16) : persona.objectId;
}

/**
 * Who signs in next, per emulation: `POST /_sandbox/<id>/persona {"persona": "member"|"admin"|"personal"}`
 * sets it (default: member). The sign-in makes the persona's kind the grant's account id, so every token
 * says whose it is for good (`VerifiedToken.accountId`): Graph answers with `personaOf(accountId)`.
 */
export class PersonaSetting {
  private current: MicrosoftPersonaKind = 'member';

  get(): MicrosoftPersona {
    return MICROSOFT_PERSONAS[this.current];
  }

  set(kind: MicrosoftPersonaKind): void {
    this.current = kind;
  }

  reset(): void {
    this.current = 'member';
  }
}

/** The persona a token was issued to (its `accountId`). */
export function personaOf(accountId: string): MicrosoftPersona {
  return MICROSOFT_PERSONAS[accountId as MicrosoftPersonaKind] ?? MICROSOFT_PERSONAS.member;
}

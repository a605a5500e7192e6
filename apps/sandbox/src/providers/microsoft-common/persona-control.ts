import express, { type Router } from 'express';
import { ControlInputError, controlBody } from '../../lib/control-input';
import {
  MICROSOFT_PERSONAS,
  type MicrosoftPersona,
  type MicrosoftPersonaKind,
  type PersonaSetting,
  personaOf,
} from './personas';

const KINDS = Object.keys(MICROSOFT_PERSONAS) as MicrosoftPersonaKind[];

/**
 * `POST /_sandbox/<id>/persona {"persona": "member"|"admin"|"personal"}` (who signs in next) and
 * `GET /_sandbox/<id>/persona`, for every Microsoft 365 emulation. The emulation's dataset reset calls
 * `setting.reset()` (back to the member).
 */
export function personaControl(setting: PersonaSetting): Router {
  const router = express.Router();
  router.get('/persona', (_req, res) => {
    res.json({ persona: setting.get().kind });
  });
  router.post('/persona', (req, res) => {
    const body = controlBody(req, ['persona']);
    const kind = body['persona'];
    if (!KINDS.includes(kind as MicrosoftPersonaKind)) {
      throw new ControlInputError(`persona must be one of ${KINDS.join(', ')}`);
    }
    setting.set(kind as MicrosoftPersonaKind);
    res.json({ persona: kind });
  });
  return router;
}

/**
 * Whom a token speaks for: the persona its account id names (the sign-in makes the persona's kind the
 * grant's account id). A token whose account id is no persona kind (the sandbox's generic
 * `sandbox-user`: grants minted by `/_sandbox/<id>/grants`, or a sign-in that does not name the
 * persona) speaks for the persona set now.
 */
export function personaFor(accountId: string, setting: PersonaSetting): MicrosoftPersona {
  return KINDS.includes(accountId as MicrosoftPersonaKind) ? personaOf(accountId) : setting.get();
}

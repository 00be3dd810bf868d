// The API answers in English ({statusCode, message}); the app shows the user's language. Each rule maps a
// status and the server's message to a locale key (with values taken from the message); what no rule knows
// is shown as the server wrote it.
import { t } from './i18n.js';

const RULES = [
  [429, /try again in (\d+) s/, 'error.tooManyWait', (m) => ({ count: Number(m[1]) })],
  [429, /./, 'error.tooMany'],
  [401, /Invalid username or password/, 'error.credentials'],
  [401, /current password is wrong/, 'error.currentPassword'],
  [401, /Sign in to vote/, 'error.signInToVote'],
  [401, /./, 'error.signIn'],
  [403, /Registration is closed/, 'error.registrationClosed'],
  [403, /validate labels on your own/, 'error.ownDonation'],
  [403, /validate your own drawing/, 'error.ownDrawing'],
  [403, /./, 'error.forbidden'],
  [409, /already taken/, 'error.taken'],
  [409, /exact bytes are already in the dataset/, 'error.duplicate'],
  [409, /already in the dataset/, 'error.alreadyDonated'],
  [409, /already reported/, 'error.reported'],
  [409, /Not saved: .*send revision (\d+)/, 'annotate.conflict', (m) => ({ revision: Number(m[1]) })],
  [409, /already drew/i, 'annotate.alreadyDrawn'],
  [413, /Storage quota exceeded/, 'error.quotaBytes'],
  [413, /File quota exceeded: you have (\d+) of (\d+)/, 'error.quotaFiles', (m) => ({ count: Number(m[2]) })],
  [413, /larger than the (.+) limit/, 'error.tooLarge', (m) => ({ limit: m[1] })],
  [413, /./, 'error.tooLargeGeneric'],
  [415, /./, 'error.unsupportedType'],
  [422, /pixel limit/, 'error.tooManyPixels'],
  [422, /took too long/, 'error.imageTimeout'],
  [422, /cut short|could not be decoded|structure is invalid/, 'error.undecodable'],
  [400, /^Query error: (.*)$/s, 'error.query', (m, body) => ({ detail: m[1], column: (body.position ?? 0) + 1 })],
  [400, /longer than or equal to (\d+) characters/, 'error.tooShort', (m) => ({ count: Number(m[1]) })],
  [400, /consent/i, 'error.consent'],
  [404, /./, 'error.notFound'],
];

/** Every locale key the rules use (a unit test checks that the locale files have them). */
export const ERROR_KEYS = [...new Set(RULES.map((rule) => rule[2]))];

/** An ApiError (or anything with status and body) as one line in the user's language. */
export function localError(error) {
  if (!error) return '';
  if (error.status === 0) return t('error.network');
  const body = error.body ?? {};
  const message = typeof body.message === 'string' ? body.message : (error.message ?? '');
  for (const [status, pattern, key, params] of RULES) {
    if (status !== error.status) continue;
    const match = pattern.exec(message);
    if (match) return t(key, params ? params(match, body) : {});
  }
  return message || t('error.unknown');
}

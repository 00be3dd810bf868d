export { generateToken, hashToken, looksLikeToken, TOKEN_PREFIX, randomString } from './tokens.js';
export { hashPassword, verifyPassword, needsRehash } from './password.js';

/** The key per-client limits count against: the caller's address (behind a trusted proxy, the one it forwarded). */
export function clientAddress(req: { ip?: string }): string {
  return req.ip ?? 'unknown';
}

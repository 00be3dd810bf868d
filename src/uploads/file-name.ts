/**
 * The client's file name as we keep it: the last path segment, without control characters (it is shown back in
 * the API, the staff panel and logs, where a CR/LF or an escape sequence could forge lines or colours).
 */
export function safeFileName(name: string): string {
  const base = name.split(/[/\\]/).pop() ?? '';
  return base.replace(/\p{Cc}/gu, '').trim();
}

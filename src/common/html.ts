import type { Response } from 'express';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

/** Our own small server-rendered pages: no script at all, so the policy can forbid it outright. */
export const PAGE_CSP = "default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

export function sendPage(res: Response, status: number, title: string, body: string, head = ''): void {
  res
    .status(status)
    .set({ 'Content-Type': 'text/html; charset=utf-8', 'Content-Security-Policy': PAGE_CSP, 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'no-referrer' })
    .send(
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
        `<title>${escapeHtml(title)}</title>${head}<style>body{font-family:system-ui,sans-serif;background:#111;color:#eee;margin:0;display:flex;flex-direction:column;align-items:center;gap:1rem;padding:1rem}` +
        `img{max-width:100%;max-height:85vh;object-fit:contain}a{color:#9cf}button{font-size:1rem;padding:.5rem 1rem;background:#c33;color:#fff;border:0;border-radius:4px;cursor:pointer}</style></head>` +
        `<body>${body}</body></html>`,
    );
}

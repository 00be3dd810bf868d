import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Injectable } from '@nestjs/common';
import { escapeHtml } from '../common/html.js';
import { ConfigService } from '../config/config.service.js';
import { type Language, LANGUAGES } from './language.js';
import { IMPORT_MAP, WEB_ROOT } from './web-files.js';

/**
 * The one HTML page every app route gets; the modules render the rest. Its policy allows our own scripts and
 * the import map (by its hash) and nothing inline, so injected markup cannot run script.
 */
@Injectable()
export class WebShell {
  readonly csp: string;
  private readonly pages = new Map<Language, string>();

  constructor(config: ConfigService) {
    const mapHash = createHash('sha256').update(IMPORT_MAP).digest('base64');
    // Image links use server.publicUrl when it is set, which may be another origin (a CDN in front).
    const publicUrl = config.values.server.publicUrl;
    const imageOrigin = publicUrl ? ` ${new URL(publicUrl).origin}` : '';
    this.csp = [
      "default-src 'none'",
      `script-src 'self' 'sha256-${mapHash}'`,
      "style-src 'self'",
      `img-src 'self' data: blob:${imageOrigin}`,
      "connect-src 'self'",
      "form-action 'self'",
      "base-uri 'none'",
      "frame-ancestors 'none'",
    ].join('; ');
    for (const lang of LANGUAGES) this.pages.set(lang, this.render(lang));
  }

  page(lang: Language): string {
    return this.pages.get(lang)!;
  }

  private render(lang: Language): string {
    const strings = JSON.parse(readFileSync(join(WEB_ROOT, 'locales', `${lang}.json`), 'utf8')) as Record<string, string>;
    return (
      `<!doctype html><html lang="${lang}"><head><meta charset="utf-8">` +
      '<meta name="viewport" content="width=device-width, initial-scale=1">' +
      `<title>${escapeHtml(strings['app.name'])}</title><link rel="icon" href="data:,">` +
      '<link rel="stylesheet" href="/app/style.css">' +
      `<script type="importmap">${IMPORT_MAP}</script>` +
      '<link rel="modulepreload" href="/app/main.js">' +
      `<link rel="preload" href="/app/locales/${lang}.json" as="fetch" crossorigin="anonymous">` +
      '<script type="module" src="/app/main.js"></script></head>' +
      `<body><noscript><p class="noscript">${escapeHtml(strings['app.noscript'])}</p></noscript>` +
      `<div id="app"><p class="loading">${escapeHtml(strings['app.loading'])}</p></div></body></html>`
    );
  }
}

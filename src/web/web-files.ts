import { createRequire } from 'node:module';
import { dirname, join, normalize, sep } from 'node:path';
import { PROJECT_ROOT } from '../common/package-info.js';

/** The web app's own files (no build step: what is in web/ is what the browser gets). */
export const WEB_ROOT = join(PROJECT_ROOT, 'web');

const require = createRequire(import.meta.url);
const distOf = (entry: string) => dirname(require.resolve(entry));

/** The front-end libraries, served from node_modules as ES modules (the import map names them). */
export const VENDOR_FILES: Record<string, string> = {
  'preact.js': join(distOf('preact'), 'preact.module.js'),
  'hooks.js': join(distOf('preact/hooks'), 'hooks.module.js'),
  'htm.js': join(distOf('htm'), 'htm.module.js'),
};

export const IMPORT_MAP = JSON.stringify({
  imports: { preact: '/app/vendor/preact.js', 'preact/hooks': '/app/vendor/hooks.js', htm: '/app/vendor/htm.js' },
});

const SERVED = /\.(js|css|json|svg|png|woff2)$/;

/**
 * The file behind /app/<path>, or null: vendor modules by name, locales from web/locales, the rest from
 * web/app. Only known extensions, nothing hidden, nothing outside those folders.
 */
export function webFile(path: string): string | null {
  if (path.startsWith('vendor/')) return VENDOR_FILES[path.slice('vendor/'.length)] ?? null;
  if (!SERVED.test(path) || path.split('/').some((segment) => segment.startsWith('.') || segment === '')) return null;
  const [folder, base] = path.startsWith('locales/') ? ['locales', path.slice('locales/'.length)] : ['app', path];
  const root = join(WEB_ROOT, folder);
  const file = normalize(join(root, base));
  return file.startsWith(root + sep) ? file : null;
}

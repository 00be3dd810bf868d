import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ComponentLoader } from 'adminjs';
import { PROJECT_ROOT } from '../../common/package-info.js';

export interface ComponentIds {
  Dashboard: string;
  Thumbnail: string;
  ConfirmAction: string;
}

/**
 * The component's source for AdminJS's bundler: the compiled .js under dist/src, the .ts under Jest (babel reads
 * both). The production bundle (dist/bundle) has no components beside it: it uses the ones in dist/src.
 */
function componentFile(name: string): string {
  const candidates = [
    ...['.js', '.ts'].map((extension) => fileURLToPath(new URL(`./${name}${extension}`, import.meta.url))),
    join(PROJECT_ROOT, 'dist/src/admin/components', `${name}.js`),
  ];
  const found = candidates.find((path) => existsSync(path));
  if (!found) throw new Error(`Admin component ${name} is missing (looked for ${candidates.join(', ')})`);
  return found;
}

const NAMES = ['dashboard', 'thumbnail', 'confirm-action'];

/** The files AdminJS bundles (what the bundle's stamp is made of). */
export function componentFiles(): string[] {
  return NAMES.map(componentFile);
}

/** Registers the panel's React components (plain createElement, so the TypeScript build needs no JSX setup). */
export function registerComponents(loader: ComponentLoader): ComponentIds {
  return {
    Dashboard: loader.add('Dashboard', componentFile('dashboard')),
    Thumbnail: loader.add('Thumbnail', componentFile('thumbnail')),
    ConfirmAction: loader.add('ConfirmAction', componentFile('confirm-action')),
  };
}

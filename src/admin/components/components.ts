import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ComponentLoader } from 'adminjs';

export interface ComponentIds {
  Dashboard: string;
  Thumbnail: string;
  ConfirmAction: string;
}

/** The component's source for AdminJS's bundler: the compiled .js under dist/, the .ts under Jest (babel reads both). */
function componentFile(name: string): string {
  for (const extension of ['.js', '.ts']) {
    const path = fileURLToPath(new URL(`./${name}${extension}`, import.meta.url));
    if (existsSync(path)) return path;
  }
  throw new Error(`Admin component ${name} is missing next to ${fileURLToPath(import.meta.url)}`);
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

import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { DynamicModule } from '@nestjs/common';
import { definePlugin, PLUGIN_MARKER, type PluginDefinition } from './define-plugin.js';

export class PluginLoadError extends Error {
  constructor(specifier: string, reason: string) {
    super(`Cannot load plugin "${specifier}": ${reason}`);
    this.name = 'PluginLoadError';
  }
}

function isDefinition(value: unknown): value is PluginDefinition {
  return typeof value === 'object' && value !== null && typeof (value as PluginDefinition).name === 'string';
}

/**
 * Imports the plugins named in config: npm package names, or paths (relative to the working directory).
 * A plugin default-exports definePlugin(...) or a plain PluginDefinition object.
 */
export async function loadPlugins(specifiers: string[], builtins: DynamicModule[] = []): Promise<DynamicModule[]> {
  const modules: DynamicModule[] = [];
  for (const specifier of specifiers) {
    const isPath = specifier.startsWith('.') || isAbsolute(specifier);
    const target = isPath ? pathToFileURL(resolve(specifier)).href : specifier;
    let imported: { default?: unknown };
    try {
      imported = (await import(target)) as { default?: unknown };
    } catch (error) {
      throw new PluginLoadError(specifier, (error as Error).message);
    }
    const exported = imported.default;
    // definePlugin's module and providers are rebuilt from its definition here (what else the plugin added to the
    // module stays): it may have imported definePlugin from another copy of Imagehive's code (dist/src, beside
    // the production bundle), whose registries Nest would not know as ours.
    if (exported && typeof exported === 'object' && PLUGIN_MARKER in exported) {
      const definition = (exported as Record<string, PluginDefinition>)[PLUGIN_MARKER];
      modules.push({ ...(exported as unknown as DynamicModule), ...definePlugin(definition) });
    } else if (isDefinition(exported)) modules.push(definePlugin(exported));
    else throw new PluginLoadError(specifier, 'its default export is neither definePlugin(...) nor a plugin definition');
  }
  assertNoClashes([...builtins, ...modules]);
  return modules;
}

/** Finds name clashes before anything starts (the registries would also refuse them, but only mid-start-up). */
function assertNoClashes(modules: DynamicModule[]): void {
  const seen = new Map<string, string>();
  for (const module of modules) {
    const definition = (module as unknown as Record<string, PluginDefinition>)[PLUGIN_MARKER];
    const groups = {
      'storage driver': definition.storageDrivers,
      'notification channel': definition.notificationChannels,
      'export format': definition.exportFormats,
    };
    for (const [kind, items] of Object.entries(groups)) {
      for (const { name } of items ?? []) {
        const owner = seen.get(`${kind}:${name}`);
        if (owner) throw new PluginLoadError(definition.name, `its ${kind} "${name}" clashes with the one from plugin ${owner}`);
        seen.set(`${kind}:${name}`, definition.name);
      }
    }
  }
}

import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { type AppConfig, configSchema, ENV_ALIASES } from './config.schema.js';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export interface LoadConfigOptions {
  env?: NodeJS.ProcessEnv;
  /** Path of the YAML file; defaults to $IMAGEHIVE_CONFIG or ./imagehive.yml (optional unless named explicitly); false reads none. */
  file?: string | false;
  /** Values that win over the file and the environment (used by tests and CLIs). */
  overrides?: Record<string, unknown>;
}

type Tree = Record<string, unknown>;

const GENERIC_PREFIX = 'IMAGEHIVE__';

function setPath(tree: Tree, path: string[], value: unknown): void {
  let node = tree;
  for (const key of path.slice(0, -1)) {
    if (typeof node[key] !== 'object' || node[key] === null || Array.isArray(node[key])) node[key] = {};
    node = node[key] as Tree;
  }
  node[path[path.length - 1]] = value;
}

function camel(segment: string): string {
  return segment.toLowerCase().replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

function readFile(path: string, required: boolean): Tree {
  if (!existsSync(path)) {
    if (required) throw new ConfigError([`config file ${path} does not exist`]);
    return {};
  }
  let parsed: unknown;
  try {
    parsed = parseYaml(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ConfigError([`${path} is not valid YAML: ${(error as Error).message}`]);
  }
  if (parsed === null || parsed === undefined) return {};
  if (typeof parsed !== 'object' || Array.isArray(parsed)) throw new ConfigError([`${path} must hold a mapping of keys`]);
  return withoutNulls(parsed as Tree);
}

/** `key:` with nothing after it (or only comments) means "unset", as it reads, not "null". */
function withoutNulls(tree: Tree): Tree {
  for (const [key, value] of Object.entries(tree)) {
    if (value === null) delete tree[key];
    else if (typeof value === 'object' && !Array.isArray(value)) withoutNulls(value as Tree);
  }
  return tree;
}

/** Reads imagehive.yml and the environment, validates once, and names the key and its source on any mistake. */
export function loadConfig(options: LoadConfigOptions = {}): AppConfig {
  const env = options.env ?? process.env;
  const explicitFile = options.file === false ? undefined : (options.file ?? env.IMAGEHIVE_CONFIG);
  const file = resolve(explicitFile ?? 'imagehive.yml');
  const tree = options.file === false ? {} : readFile(file, explicitFile !== undefined);
  const fileSource = options.file !== false && existsSync(file) ? file : 'the defaults';
  const sources = new Map<string, string>();

  for (const [name, value] of Object.entries(env)) {
    if (value === undefined) continue;
    let path: string[] | undefined;
    if (name in ENV_ALIASES) path = ENV_ALIASES[name].split('.');
    else if (name.startsWith(GENERIC_PREFIX)) path = name.slice(GENERIC_PREFIX.length).split('__').map(camel);
    if (!path) continue;
    const parsedValue = path.join('.') === 'plugins' ? value.split(',').map((s) => s.trim()).filter(Boolean) : value;
    setPath(tree, path, parsedValue);
    sources.set(path.join('.'), `environment variable ${name}`);
  }
  for (const [key, value] of Object.entries(options.overrides ?? {})) {
    setPath(tree, key.split('.'), value);
    sources.set(key, 'override');
  }

  const result = configSchema.safeParse(tree);
  if (result.success) return result.data;
  throw new ConfigError(result.error.issues.map((issue) => describeIssue(issue, sources, fileSource)));
}

function sourceOf(path: PropertyKey[], sources: Map<string, string>, fallback: string): string {
  for (let i = path.length; i > 0; i--) {
    const found = sources.get(path.slice(0, i).join('.'));
    if (found) return found;
  }
  const key = path.join('.');
  for (const [sourceKey, source] of sources) if (sourceKey.startsWith(`${key}.`)) return source;
  return fallback;
}

function describeIssue(issue: z.core.$ZodIssue, sources: Map<string, string>, fallback: string): string {
  const keys = issue.code === 'unrecognized_keys' ? issue.keys.map((k) => [...issue.path, k]) : [issue.path];
  return keys
    .map((path) => {
      const key = path.join('.') || '(root)';
      const source = sourceOf(path, sources, fallback);
      const message = issue.code === 'unrecognized_keys' ? 'is not a known setting' : issue.message;
      return `${key} (from ${source}): ${message}`;
    })
    .join('\n  - ');
}

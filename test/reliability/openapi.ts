import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../src/common/package-info.js';

export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

export interface JsonSchema {
  [key: string]: unknown;
}

export interface Operation {
  method: Method;
  template: string;
  path: string;
  security: boolean;
  parameters: Array<{ name: string; in: string; required?: boolean; schema: JsonSchema }>;
  requestBody?: { content: Record<string, { schema: JsonSchema }>; required?: boolean };
  responses: Record<string, { content?: Record<string, { schema?: JsonSchema }> }>;
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, Omit<Operation, 'method' | 'template' | 'path' | 'security'> & { security?: unknown[] }>>;
  components: { schemas: Record<string, JsonSchema> };
}

/** The committed spec (what clients see), not one generated on the fly. */
export const SPEC: OpenApiDocument = JSON.parse(readFileSync(join(PROJECT_ROOT, 'openapi.json'), 'utf8'));

/** Path parameters filled with values that parse (a random UUID matches no row). */
export function fillPath(template: string): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    if (name === 'name') return 'dog';
    if (name === 'n') return '1';
    if (name === 'file' || name === 'slug') return 'AbCdEfGh';
    return randomUUID();
  });
}

export function operations(): Operation[] {
  return Object.entries(SPEC.paths).flatMap(([template, ops]) =>
    Object.entries(ops).map(([method, op]) => ({
      ...op,
      parameters: op.parameters ?? [],
      method: method as Method,
      template,
      path: fillPath(template),
      security: (op.security ?? []).length > 0,
    })),
  );
}

export function jsonBodyOperations(): Operation[] {
  return operations().filter((op) => op.requestBody?.content['application/json']);
}

/** Endpoints whose `query` parameter is the dataset query language. */
export const QUERY_LANGUAGE_ENDPOINTS = operations()
  .filter((op) => op.method === 'get' && op.parameters.some((p) => p.in === 'query' && p.name === 'query'))
  .map((op) => op.template);

import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import fc from 'fast-check';
import { type JsonSchema, SPEC } from './openapi.js';

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

function resolve(schema: JsonSchema): JsonSchema {
  const ref = schema.$ref as string | undefined;
  return ref ? resolve(SPEC.components.schemas[ref.split('/').pop()!]) : schema;
}

/** Any JSON value, for the fields the fuzzer fills with the wrong type. */
const anyJson = fc.jsonValue({ maxDepth: 2 });

/**
 * Values for a schema from the spec: mostly of the declared shape (so requests get past validation and
 * reach the services), sometimes anything at all (so validation itself is exercised).
 */
export function arbitraryFor(input: JsonSchema, depth = 0): fc.Arbitrary<unknown> {
  const schema = resolve(input);
  const variants = (schema.oneOf ?? schema.anyOf ?? schema.allOf) as JsonSchema[] | undefined;
  const shaped = variants ? fc.oneof(...variants.map((v) => arbitraryFor(v, depth + 1))) : shapedFor(schema, depth);
  const withNull = schema.nullable ? fc.oneof(shaped, fc.constant(null)) : shaped;
  return fc.oneof({ weight: 8, arbitrary: withNull }, { weight: 1, arbitrary: anyJson });
}

function shapedFor(schema: JsonSchema, depth: number): fc.Arbitrary<unknown> {
  if (schema.enum) return fc.constantFrom(...(schema.enum as unknown[]));
  switch (schema.type) {
    case 'string':
      return stringFor(schema);
    case 'integer':
    case 'number': {
      const min = (schema.minimum as number | undefined) ?? -1e6;
      const max = (schema.maximum as number | undefined) ?? 1e6;
      const inRange = schema.type === 'integer' ? fc.integer({ min: Math.ceil(min), max: Math.floor(max) }) : fc.double({ min, max, noNaN: true });
      return fc.oneof({ weight: 4, arbitrary: inRange }, { weight: 1, arbitrary: fc.constantFrom(min - 1, max + 1, 0, -1, 2 ** 31, 1.5) });
    }
    case 'boolean':
      return fc.boolean();
    case 'array': {
      if (depth > 4) return fc.constant([]);
      const maxLength = Math.min((schema.maxItems as number | undefined) ?? 5, 8);
      return fc.array(arbitraryFor((schema.items as JsonSchema) ?? {}, depth + 1), { maxLength });
    }
    case 'object':
    case undefined: {
      const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
      if (!Object.keys(properties).length || depth > 4) return fc.dictionary(fc.string({ maxLength: 8 }), anyJson, { maxKeys: 3 });
      const required = (schema.required as string[] | undefined) ?? [];
      const shape = Object.fromEntries(Object.entries(properties).map(([key, value]) => [key, arbitraryFor(value, depth + 1)]));
      return fc.record(shape, { requiredKeys: required.filter((key) => key in shape) });
    }
    default:
      return anyJson;
  }
}

function stringFor(schema: JsonSchema): fc.Arbitrary<string> {
  const maxLength = Math.min((schema.maxLength as number | undefined) ?? 40, 300);
  const minLength = Math.min((schema.minLength as number | undefined) ?? 0, maxLength);
  const hostile = fc.constantFrom('', ' ', '\u0000', '../../etc/passwd', '<script>alert(1)</script>', "'; DROP TABLE users; --", '😀'.repeat(10), 'x'.repeat(5000));
  const byFormat: Record<string, fc.Arbitrary<string>> = {
    uuid: fc.uuid(),
    'date-time': fc.date({ min: new Date('1970-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((d) => d.toISOString()),
    uri: fc.webUrl(),
    email: fc.emailAddress(),
  };
  const shaped = byFormat[schema.format as string] ?? fc.string({ minLength, maxLength, unit: 'grapheme' });
  return fc.oneof({ weight: 6, arbitrary: shaped }, { weight: 1, arbitrary: hostile });
}

/** OpenAPI 3.0's `nullable` beside a `$ref`/`allOf` (no `type`), which ajv refuses, as JSON Schema's anyOf-null. */
function nullableAsAnyOf(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(nullableAsAnyOf);
  if (!value || typeof value !== 'object') return value;
  const { nullable, ...rest } = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, nullableAsAnyOf(v)])) as JsonSchema;
  if (nullable && !('type' in rest)) return { anyOf: [rest, { type: 'null' }] };
  return nullable === undefined ? rest : { ...rest, nullable };
}

/** One ajv instance holding the spec's component schemas, so response schemas can $ref them. */
const ajv = (() => {
  const instance = new Ajv({ strict: false, allErrors: true });
  addFormats(instance);
  instance.addFormat('password', true);
  instance.addFormat('binary', true);
  instance.addSchema({ $id: 'openapi.json', components: nullableAsAnyOf(SPEC.components) });
  return instance;
})();

const validators = new Map<string, ValidateFunction>();

/** A validator for a response schema from the spec (its $refs point into the components). */
export function validatorFor(schema: JsonSchema): ValidateFunction {
  const text = JSON.stringify(schema).replaceAll('"#/components/', '"openapi.json#/components/');
  let validate = validators.get(text);
  if (!validate) validators.set(text, (validate = ajv.compile(nullableAsAnyOf(JSON.parse(text)) as JsonSchema)));
  return validate;
}

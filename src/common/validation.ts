import { applyDecorators } from '@nestjs/common';
import { ApiProperty, type ApiPropertyOptions } from '@nestjs/swagger';
import { Transform, type TransformFnParams } from 'class-transformer';
import {
  ArrayUnique,
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';

/** Validation rules and their OpenAPI description come from one decorator, so they cannot drift apart. */
type Doc = Omit<ApiPropertyOptions, 'type' | 'required'> & { optional?: boolean };

const optional = (doc: Doc) => (doc.optional ? [IsOptional()] : []);

/** The OpenAPI part of a doc: our own keys (optional, min, max) are turned into OpenAPI's, not copied. */
const openApi = ({ optional: isOptional, min: _min, max: _max, ...doc }: Doc & { min?: number; max?: number }) => ({ ...doc, required: !isOptional });

export const USERNAME_PATTERN = /^[A-Za-z0-9_.-]{3,32}$/;

export const ValidateUsername = (doc: Doc = {}) =>
  applyDecorators(
    ...optional(doc),
    IsString(),
    Matches(USERNAME_PATTERN, { message: '$property must be 3-32 characters: letters, digits, _ . or -' }),
    ApiProperty({ ...openApi(doc), type: String, pattern: USERNAME_PATTERN.source, example: 'ada' }),
  );

export const ValidatePassword = (doc: Doc = {}) =>
  applyDecorators(
    ...optional(doc),
    IsString(),
    MinLength(8),
    MaxLength(256),
    ApiProperty({ ...openApi(doc), type: String, minLength: 8, maxLength: 256, format: 'password' }),
  );

export const ValidateString = (doc: Doc & { min?: number; max: number }) =>
  applyDecorators(
    ...optional(doc),
    IsString(),
    MinLength(doc.min ?? 1),
    MaxLength(doc.max),
    ApiProperty({ ...openApi(doc), type: String, minLength: doc.min ?? 1, maxLength: doc.max }),
  );

export const ValidateEmail = (doc: Doc = {}) =>
  applyDecorators(
    ...optional(doc),
    IsEmail(),
    MaxLength(254),
    ApiProperty({ ...openApi(doc), type: String, format: 'email' }),
  );

/**
 * A number from a query string or body; an empty query parameter (`?limit=`) is absent, so it takes the
 * default instead of becoming 0. Anything else that is not a number stays NaN and fails validation.
 */
export const ToNumber = () =>
  Transform(({ obj, key }: TransformFnParams) => {
    const raw = (obj as Record<string, unknown>)[key];
    return raw === undefined || raw === null || raw === '' ? undefined : Number(raw);
  });

export const ValidateInt = (doc: Doc & { min: number; max: number }) =>
  applyDecorators(
    ...optional(doc),
    ToNumber(),
    IsInt(),
    Min(doc.min),
    Max(doc.max),
    ApiProperty({ ...openApi(doc), type: 'integer', minimum: doc.min, maximum: doc.max }),
  );

export const ValidateEnum = <T extends string>(values: readonly T[], doc: Doc = {}) =>
  applyDecorators(
    ...optional(doc),
    IsIn(values as T[], { message: `$property must be one of: ${values.join(', ')}` }),
    ApiProperty({ ...openApi(doc), enum: values as T[] }),
  );

export const ValidateEnumArray = <T extends string>(values: readonly T[], doc: Doc & { minItems?: number } = {}) =>
  applyDecorators(
    ...optional(doc),
    IsIn(values as T[], { each: true, message: `each value in $property must be one of: ${values.join(', ')}` }),
    ArrayUnique(),
    ApiProperty({ ...openApi(doc), enum: values as T[], isArray: true, minItems: doc.minItems }),
  );

export const ValidateBoolean = (doc: Doc = {}) =>
  applyDecorators(
    ...optional(doc),
    IsBoolean({ message: '$property must be true or false' }),
    ApiProperty({ ...openApi(doc), type: Boolean }),
  );

/** Query strings carry text: `true`/`1` and `false`/`0` become booleans, anything else stays and is refused. */
const queryBoolean = ({ value }: { value: unknown }) => (value === 'true' || value === '1' ? true : value === 'false' || value === '0' ? false : value);

export const ValidateQueryBoolean = (doc: Doc = {}) => applyDecorators(Transform(queryBoolean), ValidateBoolean(doc));

export const ValidateUUID = (doc: Doc = {}) =>
  applyDecorators(...optional(doc), IsUUID(), ApiProperty({ ...openApi(doc), type: String, format: 'uuid' }));

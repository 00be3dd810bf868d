import { applyDecorators } from '@nestjs/common';
import { ApiProperty, type ApiPropertyOptions } from '@nestjs/swagger';
import { Type } from 'class-transformer';
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

export const USERNAME_PATTERN = /^[A-Za-z0-9_.-]{3,32}$/;

export const ValidateUsername = (doc: Doc = {}) =>
  applyDecorators(
    ...optional(doc),
    IsString(),
    Matches(USERNAME_PATTERN, { message: '$property must be 3-32 characters: letters, digits, _ . or -' }),
    ApiProperty({ ...doc, type: String, required: !doc.optional, pattern: USERNAME_PATTERN.source, example: 'ada' }),
  );

export const ValidatePassword = (doc: Doc = {}) =>
  applyDecorators(
    ...optional(doc),
    IsString(),
    MinLength(8),
    MaxLength(256),
    ApiProperty({ ...doc, type: String, required: !doc.optional, minLength: 8, maxLength: 256, format: 'password' }),
  );

export const ValidateString = (doc: Doc & { min?: number; max: number }) =>
  applyDecorators(
    ...optional(doc),
    IsString(),
    MinLength(doc.min ?? 1),
    MaxLength(doc.max),
    ApiProperty({ ...doc, type: String, required: !doc.optional, minLength: doc.min ?? 1, maxLength: doc.max }),
  );

export const ValidateEmail = (doc: Doc = {}) =>
  applyDecorators(
    ...optional(doc),
    IsEmail(),
    MaxLength(254),
    ApiProperty({ ...doc, type: String, required: !doc.optional, format: 'email' }),
  );

export const ValidateInt = (doc: Doc & { min: number; max: number }) =>
  applyDecorators(
    ...optional(doc),
    Type(() => Number),
    IsInt(),
    Min(doc.min),
    Max(doc.max),
    ApiProperty({ ...doc, type: 'integer', required: !doc.optional, minimum: doc.min, maximum: doc.max }),
  );

export const ValidateEnum = <T extends string>(values: readonly T[], doc: Doc = {}) =>
  applyDecorators(
    ...optional(doc),
    IsIn(values as T[], { message: `$property must be one of: ${values.join(', ')}` }),
    ApiProperty({ ...doc, enum: values as T[], required: !doc.optional }),
  );

export const ValidateEnumArray = <T extends string>(values: readonly T[], doc: Doc & { minItems?: number } = {}) =>
  applyDecorators(
    ...optional(doc),
    IsIn(values as T[], { each: true, message: `each value in $property must be one of: ${values.join(', ')}` }),
    ArrayUnique(),
    ApiProperty({ ...doc, enum: values as T[], isArray: true, required: !doc.optional, minItems: doc.minItems }),
  );

export const ValidateBoolean = (doc: Doc = {}) =>
  applyDecorators(
    ...optional(doc),
    IsBoolean(),
    ApiProperty({ ...doc, type: Boolean, required: !doc.optional }),
  );

export const ValidateUUID = (doc: Doc = {}) =>
  applyDecorators(...optional(doc), IsUUID(), ApiProperty({ ...doc, type: String, format: 'uuid', required: !doc.optional }));

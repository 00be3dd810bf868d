import { BadRequestException } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { ROLES, type Role } from '../common/roles.js';
import { ValidateEmail, ValidateEnum, ValidateInt, ValidatePassword, ValidateUsername } from '../common/validation.js';

/** The panel's forms arrive as flat strings; they pass the same validation rules as the API's DTOs. */
export class NewUserForm {
  @ValidateUsername()
  username: string;

  @ValidatePassword()
  password: string;

  @ValidateEmail({ optional: true })
  email?: string;

  @ValidateEnum(ROLES)
  role: Role;
}

export class QuotaForm {
  @ValidateInt({ min: 0, max: Number.MAX_SAFE_INTEGER, optional: true, description: 'Bytes; empty for the server default' })
  quotaBytes?: number;

  @ValidateInt({ min: 0, max: 2_000_000_000, optional: true, description: 'Files; empty for the server default' })
  quotaFiles?: number;
}

/** Validates a submitted form into `cls`; empty fields count as not given. 400 naming every problem otherwise. */
export async function readForm<T extends object>(cls: new () => T, raw: Record<string, unknown>, fields: readonly (keyof T & string)[]): Promise<T> {
  const plain = Object.fromEntries(fields.map((name) => [name, raw[name]]).filter(([, value]) => value !== '' && value !== undefined && value !== null));
  const form = plainToInstance(cls, plain);
  const errors = await validate(form, { whitelist: true, validationError: { target: false, value: false } });
  if (errors.length) throw new BadRequestException(errors.flatMap((e) => Object.values(e.constraints ?? {})).join('; '));
  return form;
}

import { HttpException } from '@nestjs/common';
import type { ActionContext, ActionHandler, ActionRequest, ActionResponse, BaseRecord, RecordJSON } from 'adminjs';
import type { Role } from '../../common/roles.js';
import type { AccessPolicy } from '../access.js';
import type { StaffSession } from '../admin.types.js';

/** A secret shown once in the panel (a generated password, an invite code); never in a notice or a log. */
export interface Secret {
  label: string;
  value: string;
}

export interface Outcome {
  message: string;
  redirectUrl?: string;
  secret?: Secret;
}

/** A form field the ConfirmAction component renders before it POSTs (action `custom.fields`). */
export interface ActionField {
  name: string;
  label: string;
  type: 'text' | 'password' | 'number' | 'select' | 'email';
  options?: readonly string[];
  value?: string;
  required?: boolean;
}

export const staffOf = (context: ActionContext) => context.currentAdmin as unknown as StaffSession;

/** A field from the submitted form: AdminJS delivers them flat in request.payload. */
export function field(request: ActionRequest, name: string): string | undefined {
  const value = (request.payload as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value : undefined;
}

/** A checkbox: AdminJS's request parser turns boolean properties into true/false; API clients may send strings. */
export function flag(request: ActionRequest, name: string): boolean | undefined {
  const value = (request.payload as Record<string, unknown> | undefined)?.[name];
  if (value === true || value === 'true') return true;
  if (value === false || value === 'false') return false;
  return undefined;
}

/** The client's mistakes from a service (4xx) become an error notice; anything else stays an error. */
function failure(error: unknown, record?: RecordJSON): ActionResponse {
  if (error instanceof HttpException && error.getStatus() < 500) {
    return { record, notice: { message: error.message, type: 'error' } };
  }
  throw error;
}

/**
 * A record action that changes something: a GET only loads the record for the confirmation page, the POST
 * (sent by ConfirmAction, or any API client) runs the service call. Keeps state changes off GET requests.
 */
export function recordMutation(run: (record: BaseRecord, request: ActionRequest, context: ActionContext) => Promise<Outcome>): ActionHandler<ActionResponse> {
  return async (request, _response, context) => {
    const record = context.record!;
    const json = record.toJSON(context.currentAdmin);
    if (request.method !== 'post') return { record: json };
    try {
      const outcome = await run(record, request, context);
      const fresh = (await context.resource.findOne(String(record.id()), context)) ?? record;
      const show = context.h.recordActionUrl({ resourceId: context.resource.id(), recordId: String(record.id()), actionName: 'show' });
      return { record: fresh.toJSON(context.currentAdmin), notice: { message: outcome.message, type: 'success' }, redirectUrl: outcome.redirectUrl ?? show, secret: outcome.secret };
    } catch (error) {
      return failure(error, json);
    }
  };
}

/** The resource-level counterpart (e.g. creating something from a form). */
export function resourceMutation(run: (request: ActionRequest, context: ActionContext) => Promise<Outcome>): ActionHandler<ActionResponse> {
  return async (request, _response, context) => {
    if (request.method !== 'post') return {};
    try {
      const outcome = await run(request, context);
      return { notice: { message: outcome.message, type: 'success' }, redirectUrl: outcome.redirectUrl, secret: outcome.secret };
    } catch (error) {
      return failure(error);
    }
  };
}

/** A bulk action: the POST runs `run` per record, one after another, and reports how many it changed. */
export function bulkMutation(run: (record: BaseRecord, context: ActionContext) => Promise<boolean>, done: (count: number) => string): ActionHandler<ActionResponse> {
  return async (request, _response, context) => {
    const records = context.records ?? [];
    const json = records.map((r) => r.toJSON(context.currentAdmin));
    if (request.method !== 'post') return { records: json };
    let count = 0;
    for (const record of records) if (await run(record, context)) count++;
    return { records: json, notice: { message: done(count), type: 'success' }, redirectUrl: context.h.resourceUrl({ resourceId: context.resource.id() }) };
  };
}

/** isAccessible for an action, from the one access table. */
export function allowed(policy: AccessPolicy, resourceId: string, action: string) {
  return ({ currentAdmin }: ActionContext) => policy.can((currentAdmin as { role?: Role } | undefined)?.role, resourceId, action);
}

import { BadRequestException, HttpException } from '@nestjs/common';
import type { Action, ActionContext, ActionHandler, ActionRequest, ActionResponse, After, BaseRecord, RecordJSON } from 'adminjs';

/** An action's options as a resource lists them. */
export type ActionOptions = Partial<Action<ActionResponse>>;
import type { Role } from '../../common/roles.js';
import type { AccessPolicy } from '../access.js';
import type { StaffSession } from '../admin.types.js';
import type { ComponentIds } from '../components/components.js';

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

/** A bulk action: the GET loads the chosen records for the confirmation page, the POST runs `run` on all of them. */
export function bulkAction(run: (records: BaseRecord[], request: ActionRequest, context: ActionContext) => Promise<Outcome>): ActionHandler<ActionResponse> {
  return async (request, _response, context) => {
    const records = context.records ?? [];
    const json = records.map((r) => r.toJSON(context.currentAdmin));
    if (request.method !== 'post') return { records: json };
    try {
      const outcome = await run(records, request, context);
      return { records: json, notice: { message: outcome.message, type: 'success' }, redirectUrl: outcome.redirectUrl ?? context.h.resourceUrl({ resourceId: context.resource.id() }) };
    } catch (error) {
      return { records: json, ...failure(error) };
    }
  };
}

/** A bulk action that runs `run` per record, one after another, and reports how many it changed. */
export function bulkMutation(run: (record: BaseRecord, context: ActionContext) => Promise<boolean>, done: (count: number) => string): ActionHandler<ActionResponse> {
  return bulkAction(async (records, _request, context) => {
    let count = 0;
    for (const record of records) if (await run(record, context)) count++;
    return { message: done(count) };
  });
}

/**
 * An `after` hook for list and show that fills computed columns (usage counts, storage used) into the
 * answer's records; `fill` gets them all at once, so it can look them up in one query.
 */
export function withColumns(fill: (records: RecordJSON[], ids: string[], context: ActionContext) => Promise<void>): After<ActionResponse> {
  return async (response, _request, context) => {
    const records: RecordJSON[] = response.records ?? (response.record ? [response.record] : []);
    await fill(records, records.map((r) => r.id).filter(Boolean), context);
    return response;
  };
}


/** "3 images", "1 image". */
export const plural = (count: number, noun: string) => `${count} ${noun}${count === 1 ? '' : 's'}`;

/** An optional free-text field (a reason, a new name), trimmed, at most `max` characters. */
export function optionalText(request: ActionRequest, name: string, max: number): string | undefined {
  const value = field(request, name)?.trim();
  if (!value) return undefined;
  if (value.length > max) throw new BadRequestException(`${name} must be at most ${max} characters`);
  return value;
}

/**
 * The actions of a list that changes only through its own named actions: list, search and show (with an
 * optional `after` that adds computed columns), and AdminJS's generic new/edit/delete turned off.
 */
export function readOnlyActions(can: (action: string) => (context: ActionContext) => boolean, after?: After<ActionResponse>): Record<string, ActionOptions> {
  const off = { isAccessible: false, isVisible: false };
  return {
    list: { isAccessible: can('list'), ...(after ? { after } : {}) },
    search: { isAccessible: can('search') },
    show: { isAccessible: can('show'), ...(after ? { after } : {}) },
    new: off,
    edit: off,
    delete: off,
    bulkDelete: off,
  };
}

export interface ActionPairOptions {
  /** The record action's name; its bulk twin is `bulk<Name>`. */
  name: string;
  icon: string;
  danger?: boolean;
  description: string;
  fields?: ActionField[];
  submit: string;
  components: ComponentIds;
  can: (action: string) => (context: ActionContext) => boolean;
  isVisible?: ActionOptions['isVisible'];
  record: ActionHandler<ActionResponse>;
  bulk: ActionHandler<ActionResponse>;
}

/** One change offered for a record and, as `bulk<Name>`, for many: both behind the ConfirmAction page. */
export function actionPair(o: ActionPairOptions): Record<string, ActionOptions> {
  const bulkName = `bulk${o.name[0].toUpperCase()}${o.name.slice(1)}`;
  const common = { icon: o.icon, variant: o.danger ? ('danger' as const) : undefined, component: o.components.ConfirmAction };
  return {
    [o.name]: {
      ...common,
      actionType: 'record',
      custom: { description: o.description, fields: o.fields, submit: o.submit },
      isAccessible: o.can(o.name),
      ...(o.isVisible !== undefined ? { isVisible: o.isVisible } : {}),
      handler: o.record,
    },
    [bulkName]: {
      ...common,
      actionType: 'bulk',
      custom: { description: o.description, fields: o.fields, submit: `${o.submit} all` },
      isAccessible: o.can(bulkName),
      handler: o.bulk,
    },
  };
}

/** isAccessible for an action, from the one access table. */
export function allowed(policy: AccessPolicy, resourceId: string, action: string) {
  return ({ currentAdmin }: ActionContext) => policy.can((currentAdmin as { role?: Role } | undefined)?.role, resourceId, action);
}

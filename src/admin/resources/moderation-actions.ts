import { ConflictException } from '@nestjs/common';
import type { ActionContext, BaseRecord } from 'adminjs';
import type { ModerationAction } from '../../moderation/moderation.dto.js';
import type { ModerationService } from '../../moderation/moderation.service.js';
import { staffAuthContext } from '../admin.types.js';
import type { ComponentIds } from '../components/components.js';
import { type ActionField, type ActionOptions, actionPair, bulkAction, optionalText, plural, recordMutation, staffOf } from './actions.js';

type Decision = Exclude<ModerationAction, 'delete'>;

const DECISIONS: Record<Decision, { verb: string; done: string; icon: string; description: string; danger?: boolean }> = {
  approve: { verb: 'Approve', done: 'Approved', icon: 'CheckCircle', description: 'The image joins the public dataset; open reports on it are closed.' },
  reject: { verb: 'Reject', done: 'Rejected', icon: 'XCircle', description: 'The image stays out of the dataset; open reports on it are closed.', danger: true },
  quarantine: { verb: 'Quarantine', done: 'Quarantined', icon: 'Slash', description: 'Hidden from everyone, the donor too, until a moderator decides again.', danger: true },
};

const REASON: ActionField[] = [{ name: 'reason', label: 'Reason (optional, kept in the audit trail)', type: 'text' }];

export interface ModerationActionsOptions {
  moderation: ModerationService;
  components: ComponentIds;
  can: (action: string) => (context: ActionContext) => boolean;
  /** The dataset image a record is about: the record itself (queue) or the image it refers to (a report). */
  imageOf: (record: BaseRecord) => string;
}

/**
 * Approve / reject / quarantine for one record and in bulk, each through ModerationService: the state change,
 * the audit row and the outbox event happen together, exactly as through the API.
 */
export function moderationActions({ moderation, components, can, imageOf }: ModerationActionsOptions): Record<string, ActionOptions> {
  const actions: Record<string, ActionOptions> = {};
  for (const [action, text] of Object.entries(DECISIONS) as Array<[Decision, (typeof DECISIONS)[Decision]]>) {
    const pair = actionPair({
      name: action,
      icon: text.icon,
      danger: text.danger,
      description: text.description,
      fields: REASON,
      submit: text.verb,
      components,
      can,
      record: recordMutation(async (record, request, context) => {
        const result = await moderation.act(staffAuthContext(staffOf(context)), imageOf(record), action, optionalText(request, 'reason', 500));
        return { message: `${text.done}: the image is ${result.state}`, redirectUrl: context.h.resourceUrl({ resourceId: context.resource.id() }) };
      }),
      bulk: bulkAction(async (records, request, context) => {
        const ids = [...new Set(records.map(imageOf))];
        if (!ids.length) throw new ConflictException('Choose at least one image');
        const results = await moderation.batch(staffAuthContext(staffOf(context)), ids, action, optionalText(request, 'reason', 500));
        const done = results.filter((r) => r.result === 'ok').length;
        const skipped = results.filter((r) => r.result !== 'ok').map((r) => r.message ?? r.result);
        return { message: `${text.done} ${plural(done, 'image')}${skipped.length ? `; ${skipped.length} unchanged (${[...new Set(skipped)].join('; ')})` : ''}` };
      }),
    });
    Object.assign(actions, pair);
  }
  return actions;
}

import { BadRequestException } from '@nestjs/common';
import { LabelSuggestionEntity } from '../../labels/label-suggestion.entity.js';
import type { SuggestionResultDto } from '../../labels/labels.dto.js';
import { staffAuthContext } from '../admin.types.js';
import { type ActionField, allowed, bulkAction, optionalText, plural, readOnlyActions, recordMutation, staffOf, withColumns } from './actions.js';
import type { AdminResourceDefinition } from './definition.js';
import { QueryResource } from './query-resource.js';

const ID = 'label-suggestions';
const STATES = ['open', 'accepted', 'rejected'];
const ACCEPT_FIELDS: ActionField[] = [
  { name: 'as', label: 'Accept under another name (optional: rename)', type: 'text' },
  { name: 'mergeInto', label: 'Or merge into this existing label (optional)', type: 'text' },
];
const MERGE_FIELD: ActionField[] = [{ name: 'mergeInto', label: 'Merge them all into this existing label (optional; empty: each becomes a label)', type: 'text' }];

const WORKED = new Set(['accepted', 'merged', 'rejected']);

/** One line for a page of per-item results: "2 accepted, 1 merged; 1 unchanged (already rejected)". */
function summary(results: SuggestionResultDto[]): string {
  const counts = new Map<string, number>();
  for (const r of results) if (WORKED.has(r.result)) counts.set(r.result, (counts.get(r.result) ?? 0) + 1);
  const failed = results.filter((r) => !WORKED.has(r.result)).map((r) => `${r.suggestion}: ${r.message ?? r.result.replace('_', ' ')}`);
  const done = [...counts].map(([result, n]) => `${n} ${result}`).join(', ') || 'Nothing changed';
  return failed.length ? `${done}; ${plural(failed.length, 'suggestion')} unchanged (${failed.join('; ')})` : done;
}

/** One result or a clear error notice. */
function single(result: SuggestionResultDto): { message: string } {
  if (!WORKED.has(result.result)) throw new BadRequestException(`${result.suggestion}: ${result.message ?? result.result.replace('_', ' ')}`);
  const moved = result.moved !== undefined ? ` (${plural(result.moved, 'image pair')})` : '';
  return { message: `${result.suggestion}: ${result.result}${result.label && result.label !== result.suggestion ? ` as ${result.label}` : ''}${moved}` };
}

/**
 * Labels people used that the vocabulary lacks, with how many image pairs use each. Accept (as is, renamed, or
 * merged into an existing label) or reject, one by one or in bulk, through LabelsService: pairs move to the
 * label or go, and synonyms are recorded, exactly as through the API.
 */
export const labelSuggestionsResource: AdminResourceDefinition = {
  id: ID,
  access: { role: 'moderator' },
  build: ({ dataSource, labels, datasetFacts, policy, components }) => {
    const can = (action: string) => allowed(policy, ID, action);
    const withUsage = withColumns(async (records, ids) => {
      const usage = await datasetFacts.suggestionUsage(ids);
      for (const record of records) record.params.usage = usage.get(record.id) ?? 0;
    });
    const idsOf = (records: Array<{ id(): string | number }>) => records.map((r) => String(r.id()));
    return {
      resource: new QueryResource({
        id: ID,
        repository: dataSource.getRepository(LabelSuggestionEntity),
        exact: ['state'],
        // Most used first, as the API lists them: the words people reach for most deserve a decision first.
        sortExpressions: { usage: `(SELECT COUNT(*) FROM image_labels p WHERE p."suggestionId" = r.id)` },
        defaultSort: { column: 'usage', direction: 'DESC' },
      }),
      options: {
        navigation: { name: 'Labels', icon: 'Tag' },
        sort: { sortBy: 'usage', direction: 'desc' },
        properties: {
          name: { isTitle: true },
          state: { availableValues: STATES.map((s) => ({ value: s, label: s })) },
          usage: { type: 'number', isSortable: true, description: 'Image pairs using it' },
          labelId: { description: 'The label it became or was merged into' },
        },
        listProperties: ['name', 'usage', 'state', 'createdAt', 'resolvedAt'],
        showProperties: ['name', 'usage', 'state', 'labelId', 'proposedById', 'resolvedById', 'createdAt', 'resolvedAt', 'id'],
        filterProperties: ['state', 'name', 'createdAt'],
        actions: {
          ...readOnlyActions(can, withUsage),
          accept: {
            actionType: 'record',
            icon: 'Check',
            component: components.ConfirmAction,
            custom: { description: 'It becomes a vocabulary label (or a synonym of the label it merges into); its image pairs carry over.', fields: ACCEPT_FIELDS, submit: 'Accept' },
            isAccessible: can('accept'),
            isVisible: ({ record }) => record?.params.state === 'open',
            handler: recordMutation(async (record, request, context) => {
              const item = { suggestion: String(record.id()), as: optionalText(request, 'as', 64), mergeInto: optionalText(request, 'mergeInto', 64) };
              const [result] = await labels.accept(staffAuthContext(staffOf(context)), [item]);
              return single(result);
            }),
          },
          reject: {
            actionType: 'record',
            icon: 'X',
            variant: 'danger',
            component: components.ConfirmAction,
            custom: { description: 'The word is removed from the images it was put on.', submit: 'Reject' },
            isAccessible: can('reject'),
            isVisible: ({ record }) => record?.params.state === 'open',
            handler: recordMutation(async (record, _request, context) => {
              const [result] = await labels.reject(staffAuthContext(staffOf(context)), [String(record.id())]);
              return single(result);
            }),
          },
          bulkAccept: {
            actionType: 'bulk',
            icon: 'Check',
            component: components.ConfirmAction,
            custom: { description: 'Each becomes a vocabulary label, or all merge into one existing label; their image pairs carry over.', fields: MERGE_FIELD, submit: 'Accept all' },
            isAccessible: can('bulkAccept'),
            handler: bulkAction(async (records, request, context) => {
              const mergeInto = optionalText(request, 'mergeInto', 64);
              const results = await labels.accept(staffAuthContext(staffOf(context)), idsOf(records).map((suggestion) => ({ suggestion, mergeInto })));
              return { message: summary(results) };
            }),
          },
          bulkReject: {
            actionType: 'bulk',
            icon: 'X',
            variant: 'danger',
            component: components.ConfirmAction,
            custom: { description: 'The words are removed from the images they were put on.', submit: 'Reject all' },
            isAccessible: can('bulkReject'),
            handler: bulkAction(async (records, _request, context) => ({ message: summary(await labels.reject(staffAuthContext(staffOf(context)), idsOf(records))) })),
          },
        },
      },
    };
  },
};

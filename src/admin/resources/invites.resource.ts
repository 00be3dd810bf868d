import { CreateInviteDto } from '../../invites/invites.dto.js';
import { InviteEntity } from '../../invites/invite.entity.js';
import { ROLES } from '../../common/roles.js';
import { readForm } from '../admin.forms.js';
import { staffAuthContext } from '../admin.types.js';
import { type ActionField, allowed, recordMutation, resourceMutation, staffOf } from './actions.js';
import type { AdminResourceDefinition } from './definition.js';
import { QueryResource } from './query-resource.js';

const ID = 'invites';

const NEW_INVITE_FIELDS: ActionField[] = [
  { name: 'role', label: 'Role of the accounts it creates', type: 'select', options: ROLES, value: 'user' },
  { name: 'maxUses', label: 'How many accounts it can create', type: 'number', value: '1' },
  { name: 'expiresInHours', label: 'Hours until it expires', type: 'number', value: '168' },
];

/** Invite codes: created through InvitesService (the code is shown once; only its hash is stored), revoked. Admins only. */
export const invitesResource: AdminResourceDefinition = {
  id: ID,
  access: { role: 'admin' },
  build: ({ dataSource, invites, policy, components }) => {
    const can = (action: string) => allowed(policy, ID, action);
    return {
      resource: new QueryResource({
        id: ID,
        repository: dataSource.getRepository(InviteEntity),
        hidden: ['codeHash'],
        references: { UserEntity: 'users' },
        exact: ['role'],
        defaultSort: { column: 'createdAt', direction: 'DESC' },
      }),
      options: {
        navigation: { name: 'Accounts', icon: 'Users' },
        sort: { sortBy: 'createdAt', direction: 'desc' },
        properties: { role: { availableValues: ROLES.map((r) => ({ value: r, label: r })) } },
        listProperties: ['role', 'uses', 'maxUses', 'expiresAt', 'revokedAt', 'createdById', 'createdAt'],
        showProperties: ['id', 'role', 'uses', 'maxUses', 'expiresAt', 'revokedAt', 'createdById', 'createdAt'],
        filterProperties: ['role', 'createdById', 'createdAt', 'expiresAt'],
        actions: {
          list: { isAccessible: can('list') },
          search: { isAccessible: can('search') },
          show: { isAccessible: can('show') },
          edit: { isAccessible: false, isVisible: false },
          delete: { isAccessible: false, isVisible: false },
          bulkDelete: { isAccessible: false, isVisible: false },
          new: {
            isAccessible: can('new'),
            component: components.ConfirmAction,
            custom: { title: 'New invite', fields: NEW_INVITE_FIELDS, submit: 'Create invite' },
            handler: resourceMutation(async (request, context) => {
              const dto = await readForm(CreateInviteDto, request.payload ?? {}, ['role', 'maxUses', 'expiresInHours']);
              const created = await invites.create(staffAuthContext(staffOf(context)), dto);
              return {
                message: 'Invite created',
                secret: { label: 'Invite code (shown only now)', value: created.code },
                redirectUrl: context.h.recordActionUrl({ resourceId: ID, recordId: created.id, actionName: 'show' }),
              };
            }),
          },
          revoke: {
            actionType: 'record',
            icon: 'XCircle',
            variant: 'danger',
            component: components.ConfirmAction,
            custom: { description: 'The code stops working; accounts it already created stay.', submit: 'Revoke' },
            isAccessible: can('revoke'),
            isVisible: ({ record }) => !record?.params.revokedAt,
            handler: recordMutation(async (record) => {
              await invites.revoke(String(record.id()));
              return { message: 'Invite revoked' };
            }),
          },
        },
      },
    };
  },
};

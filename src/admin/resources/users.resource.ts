import { BadRequestException } from '@nestjs/common';
import type { ActionContext } from 'adminjs';
import { randomString } from '../../../libs/secrets/index.js';
import { ROLES, type Role } from '../../common/roles.js';
import { formatBytes } from '../../common/sizes.js';
import { UserEntity } from '../../users/user.entity.js';
import type { UpdateUserDto } from '../../users/users.dto.js';
import { NewUserForm, QuotaForm, readForm } from '../admin.forms.js';
import { staffAuthContext } from '../admin.types.js';
import { type ActionField, allowed, field, flag, recordMutation, resourceMutation, staffOf, withColumns } from './actions.js';
import type { AdminResourceDefinition } from './definition.js';
import { QueryResource } from './query-resource.js';

const ID = 'users';
const PASSWORD_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';

const NEW_USER_FIELDS: ActionField[] = [
  { name: 'username', label: 'Username', type: 'text', required: true },
  { name: 'email', label: 'Email (optional)', type: 'email' },
  { name: 'password', label: 'Password (at least 8 characters)', type: 'password', required: true },
  { name: 'role', label: 'Role', type: 'select', options: ROLES, value: 'user' },
];

/** Accounts: list, search, create, role, disable, password reset, quota, their tokens and uploads. Admins only. */
export const usersResource: AdminResourceDefinition = {
  id: ID,
  access: { role: 'admin' },
  build: ({ dataSource, users, stats, policy, components }) => {
    const can = (action: string) => allowed(policy, ID, action);
    const userLink = (context: ActionContext, id: string) => context.h.recordActionUrl({ resourceId: ID, recordId: id, actionName: 'show' });

    // Storage used and upload counts for the records on the page, in one query.
    const withUsage = withColumns(async (records, ids) => {
      const usage = await stats.usageByOwner(ids);
      for (const record of records) {
        const used = usage.get(record.id);
        record.params.uploads = used?.uploads ?? 0;
        record.params.storageUsed = formatBytes(used?.bytes ?? 0);
      }
    });

    const setDisabled = (disabled: boolean) =>
      recordMutation(async (record, _request, context) => {
        await users.update(staffAuthContext(staffOf(context)), String(record.id()), { disabled });
        return { message: `${record.params.username} is ${disabled ? 'disabled: their sessions and API tokens stopped working' : 'enabled again'}` };
      });

    return {
      resource: new QueryResource({
        id: ID,
        repository: dataSource.getRepository(UserEntity),
        hidden: ['passwordHash', 'sessionVersion'],
        publicColumns: ['username'],
        exact: ['role'],
        defaultSort: { column: 'createdAt', direction: 'DESC' },
      }),
      options: {
        navigation: { name: 'Accounts', icon: 'Users' },
        sort: { sortBy: 'createdAt', direction: 'desc' },
        properties: {
          username: { isTitle: true },
          role: { availableValues: ROLES.map((r) => ({ value: r, label: r })) },
          quotaBytes: { type: 'number', description: 'Upload quota in bytes; empty means the server default (uploads.quota.bytes)' },
          quotaFiles: { type: 'number', description: 'Upload quota in files; empty means the server default (uploads.quota.files)' },
          uploads: { type: 'number', isSortable: false },
          storageUsed: { type: 'string', isSortable: false },
        },
        listProperties: ['username', 'email', 'role', 'disabled', 'uploads', 'storageUsed', 'createdAt'],
        showProperties: ['id', 'username', 'email', 'role', 'disabled', 'uploads', 'storageUsed', 'quotaBytes', 'quotaFiles', 'createdAt', 'updatedAt'],
        editProperties: ['role', 'disabled', 'quotaBytes', 'quotaFiles'],
        filterProperties: ['username', 'email', 'role', 'disabled', 'createdAt'],
        actions: {
          list: { isAccessible: can('list'), after: withUsage },
          search: { isAccessible: can('search') },
          show: { isAccessible: can('show'), after: withUsage },
          delete: { isAccessible: false, isVisible: false },
          bulkDelete: { isAccessible: false, isVisible: false },
          new: {
            isAccessible: can('new'),
            component: components.ConfirmAction,
            custom: { title: 'New user', fields: NEW_USER_FIELDS, submit: 'Create user' },
            handler: resourceMutation(async (request, context) => {
              const form = await readForm(NewUserForm, request.payload ?? {}, ['username', 'password', 'email', 'role']);
              const user = await users.create(form);
              return { message: `Created ${user.username}`, redirectUrl: userLink(context, user.id) };
            }),
          },
          edit: {
            isAccessible: can('edit'),
            handler: recordMutation(async (record, request, context) => {
              const id = String(record.id());
              const current = record.params;
              const changes: UpdateUserDto = {};
              const role = field(request, 'role');
              if (role !== undefined && role !== current.role) {
                if (!ROLES.includes(role as Role)) throw new BadRequestException(`role must be one of: ${ROLES.join(', ')}`);
                changes.role = role as Role;
              }
              const disabled = flag(request, 'disabled');
              if (disabled !== undefined && disabled !== current.disabled) changes.disabled = disabled;
              const payload = request.payload ?? {};
              const quota = await readForm(QuotaForm, payload, ['quotaBytes', 'quotaFiles']);
              // A field left out keeps its value; an emptied one falls back to the server default.
              const quotaBytes = 'quotaBytes' in payload ? (quota.quotaBytes ?? null) : (current.quotaBytes ?? null);
              const quotaFiles = 'quotaFiles' in payload ? (quota.quotaFiles ?? null) : (current.quotaFiles ?? null);
              // Validate everything first, then change: role/disable (which checks the last-admin rule) before the quota.
              if (changes.role !== undefined || changes.disabled !== undefined) await users.update(staffAuthContext(staffOf(context)), id, changes);
              if (quotaBytes !== (current.quotaBytes ?? null) || quotaFiles !== (current.quotaFiles ?? null)) await users.setQuota(id, { quotaBytes, quotaFiles });
              return { message: `Saved ${current.username}`, redirectUrl: userLink(context, id) };
            }),
          },
          disable: {
            actionType: 'record',
            icon: 'UserX',
            variant: 'danger',
            component: components.ConfirmAction,
            custom: { description: 'Their sessions end and their API tokens stop working until they are enabled again.', submit: 'Disable' },
            isAccessible: can('disable'),
            isVisible: ({ record }) => record?.params.disabled !== true,
            handler: setDisabled(true),
          },
          enable: {
            actionType: 'record',
            icon: 'UserCheck',
            component: components.ConfirmAction,
            custom: { description: 'They can sign in again, and their API tokens work again.', submit: 'Enable' },
            isAccessible: can('enable'),
            isVisible: ({ record }) => record?.params.disabled === true,
            handler: setDisabled(false),
          },
          resetPassword: {
            actionType: 'record',
            icon: 'Key',
            variant: 'danger',
            component: components.ConfirmAction,
            custom: { description: 'Sets a new random password, shown once, and signs the user out everywhere.', submit: 'Reset password' },
            isAccessible: can('resetPassword'),
            handler: recordMutation(async (record) => {
              const password = randomString(20, PASSWORD_ALPHABET);
              await users.resetPassword(String(record.id()), password);
              return { message: `New password set for ${record.params.username}`, secret: { label: `New password for ${record.params.username}`, value: password } };
            }),
          },
          uploads: {
            actionType: 'record',
            icon: 'Image',
            component: false,
            isAccessible: can('uploads'),
            handler: async (_request, _response, context) => ({
              record: context.record!.toJSON(context.currentAdmin),
              redirectUrl: context.h.resourceUrl({ resourceId: 'uploads', search: `?filters.ownerId=${context.record!.id()}` }),
            }),
          },
          tokens: {
            actionType: 'record',
            icon: 'Lock',
            component: false,
            isAccessible: can('tokens'),
            handler: async (_request, _response, context) => ({
              record: context.record!.toJSON(context.currentAdmin),
              redirectUrl: context.h.resourceUrl({ resourceId: 'api-tokens', search: `?filters.userId=${context.record!.id()}` }),
            }),
          },
        },
      },
    };
  },
};

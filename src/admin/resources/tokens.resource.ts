import { NotFoundException } from '@nestjs/common';
import { SCOPES } from '../../common/roles.js';
import { ApiTokenEntity } from '../../tokens/api-token.entity.js';
import { allowed, readOnlyActions, recordMutation } from './actions.js';
import type { AdminResourceDefinition } from './definition.js';
import { QueryResource } from './query-resource.js';

const ID = 'api-tokens';

/** Every user's API tokens, read-only (the secret's hash never leaves the database), with a revoke action. Admins only. */
export const tokensResource: AdminResourceDefinition = {
  id: ID,
  access: { role: 'admin' },
  build: ({ dataSource, tokens, policy, components }) => {
    const can = (action: string) => allowed(policy, ID, action);
    return {
      resource: new QueryResource({
        id: ID,
        repository: dataSource.getRepository(ApiTokenEntity),
        hidden: ['secretHash'],
        references: { UserEntity: 'users' },
        defaultSort: { column: 'createdAt', direction: 'DESC' },
      }),
      options: {
        navigation: { name: 'Accounts', icon: 'Users' },
        sort: { sortBy: 'createdAt', direction: 'desc' },
        properties: {
          name: { isTitle: true },
          scopes: { availableValues: SCOPES.map((s) => ({ value: s, label: s })) },
          hint: { description: 'The first characters of the secret' },
        },
        listProperties: ['name', 'userId', 'hint', 'scopes', 'lastUsedAt', 'expiresAt', 'revokedAt', 'createdAt'],
        showProperties: ['id', 'name', 'userId', 'hint', 'scopes', 'lastUsedAt', 'expiresAt', 'revokedAt', 'createdAt'],
        filterProperties: ['userId', 'name', 'scopes', 'createdAt', 'revokedAt'],
        actions: {
          ...readOnlyActions(can),
          revoke: {
            actionType: 'record',
            icon: 'XCircle',
            variant: 'danger',
            component: components.ConfirmAction,
            custom: { description: 'Clients using this token are refused from now on.', submit: 'Revoke' },
            isAccessible: can('revoke'),
            isVisible: ({ record }) => !record?.params.revokedAt,
            handler: recordMutation(async (record) => {
              if (!(await tokens.revokeAny(String(record.id())))) throw new NotFoundException('This token is already revoked');
              return { message: `Revoked ${record.params.name}` };
            }),
          },
        },
      },
    };
  },
};

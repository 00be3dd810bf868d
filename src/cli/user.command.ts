import type { CliArgs } from './args.js';
import { withLocalApp } from './local-app.js';

export async function userCommand({ values, positionals }: CliArgs): Promise<unknown> {
  if (positionals[1] !== 'create' || !values.username || !values.password) throw new Error('user create needs --username and --password');
  if (!['user', 'moderator', 'admin'].includes(values.role!)) throw new Error('--role must be user, moderator or admin');
  return withLocalApp(async (app) => {
    const { UsersService } = await import('../users/users.service.js');
    const user = await app.get(UsersService).create({ username: values.username!, password: values.password!, email: values.email, role: values.role as 'user' });
    return { id: user.id, username: user.username, role: user.role };
  });
}

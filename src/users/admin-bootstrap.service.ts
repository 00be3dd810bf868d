import { ConflictException, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { randomString } from '../../libs/secrets/index.js';
import { ConfigService } from '../config/config.service.js';
import { UsersRepository } from './users.repository.js';
import { UsersService } from './users.service.js';

const PASSWORD_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';

/**
 * Creates the first admin at first start, from config or with a generated password printed once. Instances
 * starting together on an empty database take turns under a lock: one creates the admin, the others find it.
 */
@Injectable()
export class AdminBootstrapService implements OnApplicationBootstrap {
  private readonly logger = new Logger('AdminBootstrap');

  constructor(
    private readonly users: UsersService,
    private readonly repo: UsersRepository,
    private readonly config: ConfigService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (await this.users.adminExists()) return;
    const { username, password } = this.config.values.auth.admin;
    const chosen = password ?? randomString(24, PASSWORD_ALPHABET);
    let created: boolean;
    try {
      const prepared = await this.users.prepare({ username, password: chosen, role: 'admin' });
      created = await this.repo.transaction(async (manager) => {
        if (await this.repo.lockAdminBootstrap(manager)) return false;
        await this.users.insert(prepared, manager, 'bootstrap');
        return true;
      });
    } catch (error) {
      if (error instanceof ConflictException) {
        if (await this.users.adminExists()) return; // another instance created it between our check and theirs
        this.logger.warn(`No admin exists and the name "${username}" is taken by a non-admin; set IMAGEHIVE_ADMIN_USERNAME`);
        return;
      }
      throw error;
    }
    if (!created) return; // another instance created it first
    if (password) this.logger.log(`Created the admin account "${username}" from the configuration`);
    else {
      // Shown once, on purpose: it is stored only as a hash.
      this.logger.warn(`Created the admin account "${username}" with the generated password: ${chosen}  (shown only now; change it after signing in)`);
    }
  }
}

import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, type EntityManager, type Repository } from 'typeorm';
import { type PageQueryDto, paginate } from '../common/pagination.js';
import type { Role } from '../common/roles.js';
import { UserEntity } from './user.entity.js';

/** Advisory lock key of the first-start admin creation. */
const ADMIN_BOOTSTRAP_LOCK = 7_248_301_458;

@Injectable()
export class UsersRepository {
  constructor(
    @InjectRepository(UserEntity) private readonly users: Repository<UserEntity>,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /** The user, row-locked until the transaction ends. */
  findForUpdate(manager: EntityManager, id: string): Promise<UserEntity | null> {
    return manager.getRepository(UserEntity).createQueryBuilder('u').setLock('pessimistic_write').where('u.id = :id', { id }).getOne();
  }

  findById(id: string): Promise<UserEntity | null> {
    return this.users.findOneBy({ id });
  }

  /** With the password hash, for login only. */
  findByUsernameWithSecret(username: string): Promise<UserEntity | null> {
    return this.users
      .createQueryBuilder('u')
      .addSelect('u.passwordHash')
      .where('lower(u.username) = lower(:username)', { username })
      .getOne();
  }

  /** The named user, or the first-created enabled admin when no name is given. */
  findActor(username?: string): Promise<UserEntity | null> {
    const query = this.users.createQueryBuilder('u').where('NOT u.disabled');
    if (username) return query.andWhere('lower(u.username) = lower(:username)', { username }).getOne();
    return query.andWhere("u.role = 'admin'").orderBy('u.createdAt', 'ASC').getOne();
  }

  findByIdWithSecret(id: string): Promise<UserEntity | null> {
    return this.users.createQueryBuilder('u').addSelect('u.passwordHash').where('u.id = :id', { id }).getOne();
  }

  existsWithRole(role: UserEntity['role']): Promise<boolean> {
    return this.users.existsBy({ role });
  }

  async usernameOrEmailTaken(username: string, email: string | null): Promise<'username' | 'email' | null> {
    const row = await this.users
      .createQueryBuilder('u')
      .select(['u.username', 'u.email'])
      .where('lower(u.username) = lower(:username)', { username })
      .orWhere('(:email::text IS NOT NULL AND lower(u.email) = lower(:email))', { email })
      .getOne();
    if (!row) return null;
    return row.username.toLowerCase() === username.toLowerCase() ? 'username' : 'email';
  }

  create(fields: Pick<UserEntity, 'username' | 'email' | 'passwordHash' | 'role'>, manager?: EntityManager): Promise<UserEntity> {
    const repo = manager ? manager.getRepository(UserEntity) : this.users;
    return repo.save(repo.create(fields));
  }

  async setPassword(id: string, passwordHash: string): Promise<void> {
    await this.users.update({ id }, { passwordHash, sessionVersion: () => '"sessionVersion" + 1' });
  }

  list(filter: { search?: string; role?: Role }, page: PageQueryDto) {
    const query = this.users.createQueryBuilder('u');
    if (filter.role) query.andWhere('u.role = :role', { role: filter.role });
    if (filter.search) {
      const pattern = `%${filter.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      query.andWhere('(u.username ILIKE :pattern OR u.email ILIKE :pattern)', { pattern });
    }
    return paginate(query, 'u', page);
  }

  countActiveAdmins(): Promise<number> {
    return this.users.countBy({ role: 'admin', disabled: false });
  }

  async update(id: string, changes: { role?: Role; disabled?: boolean }, manager?: EntityManager): Promise<void> {
    // Disabling or a role change retires the user's sessions, so the new rights apply at once.
    const repo = manager ? manager.getRepository(UserEntity) : this.users;
    await repo.update({ id }, { ...changes, sessionVersion: () => '"sessionVersion" + 1' });
  }

  async setQuota(id: string, quota: Pick<UserEntity, 'quotaBytes' | 'quotaFiles'>): Promise<void> {
    await this.users.update({ id }, quota);
  }

  /** Takes the first-start lock (released with the transaction), then: is there an admin now? */
  async lockAdminBootstrap(manager: EntityManager): Promise<boolean> {
    await manager.query('SELECT pg_advisory_xact_lock($1)', [ADMIN_BOOTSTRAP_LOCK]);
    return manager.getRepository(UserEntity).existsBy({ role: 'admin' });
  }
}

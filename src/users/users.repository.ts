import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, Repository } from 'typeorm';
import { UserEntity } from './user.entity.js';

@Injectable()
export class UsersRepository {
  constructor(@InjectRepository(UserEntity) private readonly users: Repository<UserEntity>) {}

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
}

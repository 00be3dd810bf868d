import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, type EntityManager, IsNull, type Repository } from 'typeorm';
import { InviteEntity } from './invite.entity.js';

@Injectable()
export class InvitesRepository {
  constructor(
    @InjectRepository(InviteEntity) private readonly invites: Repository<InviteEntity>,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  create(fields: Pick<InviteEntity, 'codeHash' | 'createdById' | 'role' | 'maxUses' | 'expiresAt'>): Promise<InviteEntity> {
    return this.invites.save(this.invites.create(fields));
  }

  listLive(): Promise<InviteEntity[]> {
    return this.invites.find({ where: { revokedAt: IsNull() }, order: { createdAt: 'DESC' } });
  }

  async revoke(id: string): Promise<boolean> {
    const result = await this.invites.update({ id, revokedAt: IsNull() }, { revokedAt: () => 'now()' });
    return (result.affected ?? 0) > 0;
  }

  /** Runs `work` in a transaction holding the invite's row lock, so concurrent sign-ups cannot overdraw it. */
  withLockedInvite<T>(codeHash: string, work: (invite: InviteEntity | null, manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(async (manager) => {
      const invite = await manager
        .getRepository(InviteEntity)
        .createQueryBuilder('i')
        .setLock('pessimistic_write')
        .where('i.codeHash = :codeHash', { codeHash })
        .getOne();
      return work(invite, manager);
    });
  }

  async incrementUses(manager: EntityManager, id: string): Promise<void> {
    await manager.getRepository(InviteEntity).increment({ id }, 'uses', 1);
  }
}

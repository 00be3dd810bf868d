import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, type EntityManager, IsNull, type Repository } from 'typeorm';
import { ApiTokenEntity } from './api-token.entity.js';

@Injectable()
export class TokensRepository {
  constructor(
    @InjectRepository(ApiTokenEntity) private readonly tokens: Repository<ApiTokenEntity>,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  create(fields: Pick<ApiTokenEntity, 'userId' | 'name' | 'hint' | 'secretHash' | 'scopes' | 'expiresAt'>, manager?: EntityManager): Promise<ApiTokenEntity> {
    const repo = manager ? manager.getRepository(ApiTokenEntity) : this.tokens;
    return repo.save(repo.create(fields));
  }

  listActive(userId: string): Promise<ApiTokenEntity[]> {
    return this.tokens.find({ where: { userId, revokedAt: IsNull() }, order: { createdAt: 'DESC' } });
  }

  /** The live token with this hash, joined to its owner. */
  findBySecretHash(secretHash: string): Promise<ApiTokenEntity | null> {
    return this.tokens
      .createQueryBuilder('t')
      .innerJoinAndSelect('t.user', 'u')
      .where('t.secretHash = :secretHash', { secretHash })
      .andWhere('t.revokedAt IS NULL')
      .getOne();
  }

  /** Revokes the caller's own token; its name, or null when there is no live token of that id. */
  async revoke(userId: string, id: string, manager?: EntityManager): Promise<{ name: string } | null> {
    const repo = manager ? manager.getRepository(ApiTokenEntity) : this.tokens;
    const result = await repo
      .createQueryBuilder()
      .update()
      .set({ revokedAt: () => 'now()' })
      .where({ id, userId, revokedAt: IsNull() })
      .returning(['name'])
      .execute();
    const [row] = result.raw as Array<{ name: string }>;
    return row ?? null;
  }

  async revokeById(id: string): Promise<boolean> {
    const result = await this.tokens.update({ id, revokedAt: IsNull() }, { revokedAt: () => 'now()' });
    return (result.affected ?? 0) > 0;
  }

  async touch(id: string, at: Date): Promise<void> {
    await this.tokens.update({ id }, { lastUsedAt: at });
  }
}

import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, type Repository } from 'typeorm';
import { ApiTokenEntity } from './api-token.entity.js';


@Injectable()
export class TokensRepository {
  constructor(@InjectRepository(ApiTokenEntity) private readonly tokens: Repository<ApiTokenEntity>) {}

  create(fields: Pick<ApiTokenEntity, 'userId' | 'name' | 'hint' | 'secretHash' | 'scopes' | 'expiresAt'>): Promise<ApiTokenEntity> {
    return this.tokens.save(this.tokens.create(fields));
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

  /** Revokes the caller's own token; false when there is none of that id. */
  async revoke(userId: string, id: string): Promise<boolean> {
    const result = await this.tokens.update({ id, userId, revokedAt: IsNull() }, { revokedAt: () => 'now()' });
    return (result.affected ?? 0) > 0;
  }

  async revokeById(id: string): Promise<boolean> {
    const result = await this.tokens.update({ id, revokedAt: IsNull() }, { revokedAt: () => 'now()' });
    return (result.affected ?? 0) > 0;
  }

  async touch(id: string, at: Date): Promise<void> {
    await this.tokens.update({ id }, { lastUsedAt: at });
  }
}

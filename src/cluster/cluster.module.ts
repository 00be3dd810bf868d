import { Global, Module } from '@nestjs/common';
import { ClusterLockRepository } from './cluster-lock.repository.js';
import { RedisService } from './redis.service.js';

/** What instances of one deployment share beyond the database: Redis (optional) and job locks. */
@Global()
@Module({ providers: [RedisService, ClusterLockRepository], exports: [RedisService, ClusterLockRepository] })
export class ClusterModule {}

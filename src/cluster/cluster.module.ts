import { Global, Module } from '@nestjs/common';
import { ClusterBus } from './cluster-bus.service.js';
import { ClusterLockRepository } from './cluster-lock.repository.js';
import { RedisService } from './redis.service.js';

/** What instances of one deployment share beyond the database: Redis (optional), its message bus, and job locks. */
@Global()
@Module({ providers: [RedisService, ClusterBus, ClusterLockRepository], exports: [RedisService, ClusterBus, ClusterLockRepository] })
export class ClusterModule {}

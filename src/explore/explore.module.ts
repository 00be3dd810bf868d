import { Module } from '@nestjs/common';
import { ExploreController } from './explore.controller.js';
import { ExploreRepository } from './explore.repository.js';
import { ExploreService } from './explore.service.js';

/** Browsing the public dataset by label query (the explore page's count and grid). */
@Module({ controllers: [ExploreController], providers: [ExploreRepository, ExploreService] })
export class ExploreModule {}

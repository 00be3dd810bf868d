import { Module } from '@nestjs/common';
import { DatasetModule } from '../dataset/dataset.module.js';
import { EstimationThread } from './estimation-thread.js';
import { ReliabilityRepository } from './reliability.repository.js';
import { ReliabilityService } from './reliability.service.js';
import { TasksService } from './tasks.service.js';
import { ValidationController } from './validation.controller.js';
import { ValidationRepository } from './validation.repository.js';
import { VoterResolver } from './voter-resolver.service.js';
import { VotingService } from './voting.service.js';

@Module({
  imports: [DatasetModule],
  controllers: [ValidationController],
  providers: [ValidationRepository, VotingService, TasksService, VoterResolver, ReliabilityService, ReliabilityRepository, EstimationThread],
  exports: [VotingService, ReliabilityService, VoterResolver],
})
export class ValidationModule {}

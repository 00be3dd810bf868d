import { Module } from '@nestjs/common';
import { DatasetModule } from '../dataset/dataset.module.js';
import { ValidationModule } from '../validation/validation.module.js';
import { AnnotationTasksRepository } from './annotation-tasks.repository.js';
import { AnnotationTasksService } from './annotation-tasks.service.js';
import { AnnotationVotesService } from './annotation-votes.service.js';
import { AnnotationsController } from './annotations.controller.js';
import { AnnotationsRepository } from './annotations.repository.js';
import { AnnotationsService } from './annotations.service.js';

@Module({
  imports: [DatasetModule, ValidationModule],
  controllers: [AnnotationsController],
  providers: [AnnotationsRepository, AnnotationTasksRepository, AnnotationsService, AnnotationVotesService, AnnotationTasksService],
  // AnnotationsService.annotationsFor feeds exports; the repository's outline() feeds ?highlight= in serving/.
  exports: [AnnotationsService, AnnotationsRepository],
})
export class AnnotationsModule {}

import { Module } from '@nestjs/common';
import { UploadsModule } from '../uploads/uploads.module.js';
import { LabelsSyncService } from './labels-sync.service.js';
import { LabelsController } from './labels.controller.js';
import { LabelsRepository } from './labels.repository.js';
import { LabelsService } from './labels.service.js';

@Module({
  imports: [UploadsModule],
  controllers: [LabelsController],
  providers: [LabelsRepository, LabelsService, LabelsSyncService],
  exports: [LabelsService, LabelsSyncService],
})
export class LabelsModule {}

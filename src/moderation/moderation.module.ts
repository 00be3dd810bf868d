import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DatasetModule } from '../dataset/dataset.module.js';
import { LabelsModule } from '../labels/labels.module.js';
import { ServingModule } from '../serving/serving.module.js';
import { ImageEntity } from '../uploads/image.entity.js';
import { UploadsModule } from '../uploads/uploads.module.js';
import { ModerationController } from './moderation.controller.js';
import { ModerationService } from './moderation.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([ImageEntity]), DatasetModule, LabelsModule, UploadsModule, ServingModule],
  controllers: [ModerationController],
  providers: [ModerationService],
  // For the staff panel, whose moderation actions must run through it (audit trail, events).
  exports: [ModerationService],
})
export class ModerationModule {}

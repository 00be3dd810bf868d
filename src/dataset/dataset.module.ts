import { Module } from '@nestjs/common';
import { LabelsModule } from '../labels/labels.module.js';
import { UploadsModule } from '../uploads/uploads.module.js';
import { DatasetRepository } from './dataset.repository.js';
import { DatasetService } from './dataset.service.js';
import { DonationsController } from './donations.controller.js';
import { ImagesController } from './images.controller.js';

@Module({
  imports: [UploadsModule, LabelsModule],
  controllers: [DonationsController, ImagesController],
  providers: [DatasetRepository, DatasetService],
  exports: [DatasetRepository, DatasetService],
})
export class DatasetModule {}

import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { TokensModule } from '../tokens/tokens.module.js';
import { BlobStore } from './blob-store.service.js';
import { BlobEntity } from './blob.entity.js';
import { ClientConfigController } from './client-config.controller.js';
import { DeletionController } from './deletion.controller.js';
import { ImageEntity } from './image.entity.js';
import { IngestService } from './ingest.service.js';
import { UploadMaintenanceService } from './upload-maintenance.service.js';
import { UploadsController } from './uploads.controller.js';
import { UploadsRepository } from './uploads.repository.js';
import { UploadsService } from './uploads.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([ImageEntity, BlobEntity]), TokensModule],
  controllers: [UploadsController, ClientConfigController, DeletionController],
  providers: [UploadsRepository, BlobStore, IngestService, UploadsService, UploadMaintenanceService],
  exports: [UploadsRepository, BlobStore, IngestService, UploadsService],
})
export class UploadsModule {}

import { Module } from '@nestjs/common';
import { UploadsModule } from '../uploads/uploads.module.js';
import { ServingController } from './serving.controller.js';
import { ServingService } from './serving.service.js';
import { VariantsService } from './variants.service.js';

@Module({ imports: [UploadsModule], controllers: [ServingController], providers: [ServingService, VariantsService], exports: [VariantsService] })
export class ServingModule {}

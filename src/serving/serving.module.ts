import { Module } from '@nestjs/common';
import { AnnotationsModule } from '../annotations/annotations.module.js';
import { ThrottlingModule } from '../throttling/throttling.module.js';
import { UploadsModule } from '../uploads/uploads.module.js';
import { ServingController } from './serving.controller.js';
import { ImageFastPath } from './image-fast-path.js';
import { LinkCache } from './link-cache.js';
import { LocalFileCache } from './local-file-cache.js';
import { ServingService } from './serving.service.js';
import { VariantPregenerator } from './variant-pregenerator.js';
import { VariantsService } from './variants.service.js';

@Module({ imports: [UploadsModule, AnnotationsModule, ThrottlingModule], controllers: [ServingController], providers: [ServingService, VariantsService, VariantPregenerator, LinkCache, LocalFileCache, ImageFastPath], exports: [ServingService, VariantsService, ImageFastPath] })
export class ServingModule {}

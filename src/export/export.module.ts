import { Module } from '@nestjs/common';
import { AnnotationsModule } from '../annotations/annotations.module.js';
import { ExportController } from './export.controller.js';
import { ExportRepository } from './export.repository.js';
import { ExportService } from './export.service.js';

@Module({ imports: [AnnotationsModule], controllers: [ExportController], providers: [ExportRepository, ExportService], exports: [ExportService] })
export class ExportModule {}

import { Module } from '@nestjs/common';
import { UploadsModule } from '../uploads/uploads.module.js';
import { UsageController } from './usage.controller.js';
import { WebController } from './web.controller.js';
import { WebShell } from './web-shell.js';

/** The browser app: its HTML shell, its static files, and the small API the dashboard needs. */
@Module({ imports: [UploadsModule], controllers: [WebController, UsageController], providers: [WebShell] })
export class WebModule {}

import { ValidationPipe } from '@nestjs/common';
import { NestFactory, Reflector } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppLogger } from './logging/app-logger.js';
import { mountAdminPanel } from './admin/admin.loader.js';
import { AppModule } from './app.module.js';
import { jsonBodyParser, requireApiBodyType } from './common/body-parser.js';
import { MultipartRoutesInterceptor } from './common/multipart-routes.interceptor.js';
import { HttpExceptionFilter } from './common/http-exception.filter.js';
import { VERSION } from './common/package-info.js';
import { buildOpenApiDocument, serveOpenApi } from './common/swagger.js';
import type { AppConfig } from './config/config.schema.js';
import { createStartupLogger } from './logging/startup-logger.js';
import { BuiltinPlugin } from './plugins/builtin.plugin.js';
import { loadPlugins } from './plugins/plugin-loader.js';
import { ImageFastPath } from './serving/image-fast-path.js';

/** Builds the configured application (not yet listening); shared by main.ts, the CLIs and the tests. */
export async function createApp(config: AppConfig): Promise<NestExpressApplication> {
  const plugins = await loadPlugins(config.plugins, [BuiltinPlugin]);
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot({ config, plugins }), {
    bodyParser: false,
    logger: createStartupLogger(config),
    abortOnError: false,
  });
  app.useLogger(app.get(AppLogger));
  app.disable('x-powered-by');
  app.set('trust proxy', config.server.trustProxy);
  // The staff panel loads after the server listens (see admin.loader.ts).
  if (config.admin.enabled) mountAdminPanel(app, config);
  // Image hits are answered before Express (see ImageFastPath); what it does not answer goes on to ServingController.
  app.get(ImageFastPath).install(app.getHttpServer());
  app.use(requireApiBodyType());
  app.use(jsonBodyParser(config.server.jsonBodyLimit));
  app.useGlobalPipes(
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      stopAtFirstError: false,
      validationError: { target: false, value: false },
    }),
  );
  app.useGlobalFilters(new HttpExceptionFilter());
  app.useGlobalInterceptors(new MultipartRoutesInterceptor(app.get(Reflector)));
  app.enableShutdownHooks();
  // Built on the first request to /docs, not at every start.
  serveOpenApi(app, () => buildOpenApiDocument(app, VERSION));
  return app;
}

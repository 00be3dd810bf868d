import { Global, Module } from '@nestjs/common';
import { ConfigService } from '../config/config.service.js';
import { JwtSecret } from './jwt-secret.js';

/** The server's signing key, resolved once (config or generated into the data folder). */
@Global()
@Module({
  providers: [{ provide: JwtSecret, inject: [ConfigService], useFactory: JwtSecret.resolve }],
  exports: [JwtSecret],
})
export class SecretsModule {}

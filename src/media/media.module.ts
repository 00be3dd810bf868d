import { Global, Module } from '@nestjs/common';
import { MediaRepository } from './media.repository.js';

@Global()
@Module({ providers: [MediaRepository], exports: [MediaRepository] })
export class MediaModule {}

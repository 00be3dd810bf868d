import { Global, Module } from '@nestjs/common';
import { WordlistsRepository } from './wordlists.repository.js';

@Global()
@Module({ providers: [WordlistsRepository], exports: [WordlistsRepository] })
export class WordlistsModule {}

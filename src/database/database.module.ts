import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ConfigService } from '../config/config.service.js';
import { createDataSourceOptions, runMigrations } from './data-source.js';
import { ENTITIES } from './entities.js';

@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [ConfigService],
      useFactory: async (config: ConfigService) => ({
        ...(await createDataSourceOptions(config)),
        migrationsRun: config.values.database.migrationsRun,
      }),
      // Our own factory runs the migrations, under the advisory lock TypeORM's migrationsRun does not take.
      dataSourceFactory: async (options) => {
        const dataSource = await new DataSource({ ...options!, migrationsRun: false }).initialize();
        try {
          if (options!.migrationsRun) await runMigrations(dataSource);
        } catch (error) {
          await dataSource.destroy();
          throw error;
        }
        return dataSource;
      },
    }),
    TypeOrmModule.forFeature(ENTITIES),
  ],
  exports: [TypeOrmModule],
})
export class DatabaseModule {}

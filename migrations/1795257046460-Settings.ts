import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Settings: small key/value facts the server keeps between starts (the last synced vocabulary's hash). */
export class Settings1795257046460 implements MigrationInterface {
  name = 'Settings1795257046460';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "settings" ("key" character varying(64) NOT NULL, "value" text NOT NULL, "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_c8639b7626fa94ba8265628f214" PRIMARY KEY ("key"))`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "settings"`);
  }
}

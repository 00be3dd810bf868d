import type { MigrationInterface, QueryRunner } from 'typeorm';

export class AdminSessions1795244290374 implements MigrationInterface {
  name = 'AdminSessions1795244290374';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "admin_sessions" ("sid" character varying(128) NOT NULL, "userId" uuid, "data" jsonb NOT NULL, "expiresAt" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_02030768f6093d2c3efe004b126" PRIMARY KEY ("sid"))`);
    await queryRunner.query(`CREATE INDEX "IDX_admin_sessions_user" ON "admin_sessions"  ("userId")`);
    await queryRunner.query(`CREATE INDEX "IDX_admin_sessions_expires" ON "admin_sessions"  ("expiresAt")`);
    await queryRunner.query(`ALTER TABLE "admin_sessions" ADD CONSTRAINT "FK_0a8efb09a4f3200e8b81c3ebec4" FOREIGN KEY ("userId") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "admin_sessions" DROP CONSTRAINT "FK_0a8efb09a4f3200e8b81c3ebec4"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_admin_sessions_expires"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_admin_sessions_user"`);
    await queryRunner.query(`DROP TABLE "admin_sessions"`);
  }
}

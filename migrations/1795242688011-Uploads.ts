import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Uploads1795242688011 implements MigrationInterface {
  name = 'Uploads1795242688011';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "blobs" ("sha256" character(64) NOT NULL, "storageKey" character varying(255) NOT NULL, "size" bigint NOT NULL, "mimeType" character varying(64) NOT NULL, "format" character varying(16) NOT NULL, "width" integer NOT NULL, "height" integer NOT NULL, "pages" integer NOT NULL DEFAULT '1', "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_bf448430f9a07c61c2eb85de185" PRIMARY KEY ("sha256"))`);
    await queryRunner.query(`CREATE TABLE "images" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "slug" character varying(128) NOT NULL, "ownerId" uuid, "blobSha256" character(64) NOT NULL, "originalName" character varying(255), "originalSize" bigint NOT NULL, "compressed" boolean NOT NULL, "deletionSecretHash" character(64) NOT NULL, "expiresAt" TIMESTAMP WITH TIME ZONE, "maxViews" integer, "views" integer NOT NULL DEFAULT '0', "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_1fe148074c6a1a91b63cb9ee3c9" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_images_slug" ON "images"  ("slug")`);
    await queryRunner.query(`CREATE INDEX "IDX_images_blob" ON "images"  ("blobSha256")`);
    await queryRunner.query(`CREATE INDEX "IDX_images_expires" ON "images"  ("expiresAt")`);
    await queryRunner.query(`CREATE INDEX "IDX_images_owner_created" ON "images"  ("ownerId", "createdAt")`);
    await queryRunner.query(`ALTER TABLE "users" ADD "quotaBytes" bigint`);
    await queryRunner.query(`ALTER TABLE "users" ADD "quotaFiles" integer`);
    await queryRunner.query(`ALTER TABLE "images" ADD CONSTRAINT "FK_28bb3c8c8b043b096b63a45eb81" FOREIGN KEY ("ownerId") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "images" ADD CONSTRAINT "FK_80bbc871f1c4252372f5817ab22" FOREIGN KEY ("blobSha256") REFERENCES "blobs"("sha256") ON DELETE RESTRICT ON UPDATE NO ACTION`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "images" DROP CONSTRAINT "FK_80bbc871f1c4252372f5817ab22"`);
    await queryRunner.query(`ALTER TABLE "images" DROP CONSTRAINT "FK_28bb3c8c8b043b096b63a45eb81"`);
    await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "quotaFiles"`);
    await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "quotaBytes"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_images_owner_created"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_images_expires"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_images_blob"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_images_slug"`);
    await queryRunner.query(`DROP TABLE "images"`);
    await queryRunner.query(`DROP TABLE "blobs"`);
  }
}

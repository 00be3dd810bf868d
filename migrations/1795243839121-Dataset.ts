import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The dataset: labels, suggestions, image-label pairs, reports, audit trail, near-duplicates. */
export class Dataset1795243839121 implements MigrationInterface {
  name = 'Dataset1795243839121';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "image_audit" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "imageId" uuid NOT NULL, "actorId" uuid, "action" character varying(16) NOT NULL, "fromState" character varying(16), "toState" character varying(16), "detail" text, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_bed90bcdafed2f1a3f7bc49614e" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_image_audit_image" ON "image_audit"  ("imageId", "createdAt")`);
    await queryRunner.query(`CREATE TABLE "image_duplicates" ("imageId" uuid NOT NULL, "similarImageId" uuid NOT NULL, "distance" integer NOT NULL, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_ed9357f844f2816c68bbce2ca08" PRIMARY KEY ("imageId", "similarImageId"))`);
    await queryRunner.query(`CREATE TABLE "image_reports" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "imageId" uuid NOT NULL, "reporterId" uuid, "reporterKey" character(64) NOT NULL, "reason" character varying(500) NOT NULL, "resolvedAt" TIMESTAMP WITH TIME ZONE, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_e455887ee9668ae97fb7df0db47" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_image_reports_reporter" ON "image_reports"  ("imageId", "reporterKey")`);
    await queryRunner.query(`CREATE TABLE "image_labels" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "imageId" uuid NOT NULL, "labelId" uuid, "suggestionId" uuid, "parentLabelId" uuid, "addedById" uuid, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_image_labels_one_target" CHECK (("labelId" IS NULL) <> ("suggestionId" IS NULL)), CONSTRAINT "PK_ad0c34a9c3d962a9726e9874575" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_image_labels_image" ON "image_labels"  ("imageId")`);
    await queryRunner.query(`CREATE INDEX "IDX_image_labels_label_id" ON "image_labels"  ("labelId")`);
    await queryRunner.query(`CREATE INDEX "IDX_image_labels_suggestion_id" ON "image_labels"  ("suggestionId")`);
    await queryRunner.query(`CREATE TABLE "label_parts" ("labelId" uuid NOT NULL, "partId" uuid NOT NULL, CONSTRAINT "PK_a8dd3f863e030fec217d9eb7479" PRIMARY KEY ("labelId", "partId"))`);
    await queryRunner.query(`CREATE TABLE "label_suggestions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" character varying(64) NOT NULL, "state" character varying(16) NOT NULL DEFAULT 'open', "proposedById" uuid, "labelId" uuid, "resolvedById" uuid, "resolvedAt" TIMESTAMP WITH TIME ZONE, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_label_suggestions_state" CHECK ("state" IN ('open', 'accepted', 'rejected')), CONSTRAINT "PK_b4de031c384f3a2543ed2e8bd64" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE TABLE "label_terms" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "labelId" uuid NOT NULL, "language" character varying(8) NOT NULL, "term" character varying(64) NOT NULL, "role" character varying(8) NOT NULL, CONSTRAINT "PK_6486920cc1bf8751223de968501" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_label_terms_label" ON "label_terms"  ("labelId")`);
    await queryRunner.query(`CREATE TABLE "labels" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" character varying(64) NOT NULL, "kind" character varying(8) NOT NULL DEFAULT 'object', "parentId" uuid, "description" text, "plural" character varying(64), "origin" character varying(16) NOT NULL DEFAULT 'wordlist', "retired" boolean NOT NULL DEFAULT false, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_labels_origin" CHECK ("origin" IN ('wordlist', 'suggestion')), CONSTRAINT "CHK_labels_kind" CHECK ("kind" IN ('object', 'meta')), CONSTRAINT "PK_c0c4e97f76f1f3a268c7a70b925" PRIMARY KEY ("id"))`);
    await queryRunner.query(`ALTER TABLE "images" ADD "datasetState" character varying(16)`);
    await queryRunner.query(`ALTER TABLE "images" ADD "donatedAt" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "images" ADD "license" character varying(16)`);
    await queryRunner.query(`ALTER TABLE "images" ADD "hidden" boolean NOT NULL DEFAULT false`);
    await queryRunner.query(`ALTER TABLE "images" ADD "dhash" bigint`);
    await queryRunner.query(`ALTER TABLE "images" ADD "dhashBands" integer array`);
    await queryRunner.query(`CREATE INDEX "IDX_images_dataset_state" ON "images"  ("datasetState")`);
    await queryRunner.query(`ALTER TABLE "images" ADD CONSTRAINT "CHK_images_dataset_state" CHECK ("datasetState" IN ('pending', 'approved', 'rejected', 'quarantined'))`);
    await queryRunner.query(`ALTER TABLE "image_duplicates" ADD CONSTRAINT "FK_e543449d1ea99297f4e422690c7" FOREIGN KEY ("imageId") REFERENCES "images"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "image_duplicates" ADD CONSTRAINT "FK_6de89623fcabce0797951677ff7" FOREIGN KEY ("similarImageId") REFERENCES "images"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "image_reports" ADD CONSTRAINT "FK_cc45f058fe1bb2c6516378c5845" FOREIGN KEY ("imageId") REFERENCES "images"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "image_labels" ADD CONSTRAINT "FK_822bf01c64cdeb7f62dab5efc96" FOREIGN KEY ("imageId") REFERENCES "images"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "image_labels" ADD CONSTRAINT "FK_246372db6c9816fa5c5938b8b7c" FOREIGN KEY ("labelId") REFERENCES "labels"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "image_labels" ADD CONSTRAINT "FK_a3c6914b7a9b6da9b87e2dd7a4f" FOREIGN KEY ("suggestionId") REFERENCES "label_suggestions"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "image_labels" ADD CONSTRAINT "FK_a025876dc8c059280cefcfc3a81" FOREIGN KEY ("parentLabelId") REFERENCES "labels"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "label_parts" ADD CONSTRAINT "FK_837bfd066e53733265b4f4b66f0" FOREIGN KEY ("labelId") REFERENCES "labels"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "label_parts" ADD CONSTRAINT "FK_544775205a655d40f1c1d005be4" FOREIGN KEY ("partId") REFERENCES "labels"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "label_terms" ADD CONSTRAINT "FK_9934edceceb51e3016a08aada8e" FOREIGN KEY ("labelId") REFERENCES "labels"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "labels" ADD CONSTRAINT "FK_1dac254c39f2272db5783de4aba" FOREIGN KEY ("parentId") REFERENCES "labels"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
    // Expression and GIN indexes TypeORM cannot declare (entities mark them synchronize: false).
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_labels_name_lower" ON "labels" (lower("name"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_label_suggestions_name_lower" ON "label_suggestions" (lower("name"))`);
    await queryRunner.query(`CREATE INDEX "IDX_label_terms_prefix" ON "label_terms" (lower("term") text_pattern_ops)`);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_image_labels_label" ON "image_labels" ("imageId", "labelId", COALESCE("parentLabelId", '00000000-0000-0000-0000-000000000000'::uuid)) WHERE "labelId" IS NOT NULL`);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_image_labels_suggestion" ON "image_labels" ("imageId", "suggestionId", COALESCE("parentLabelId", '00000000-0000-0000-0000-000000000000'::uuid)) WHERE "suggestionId" IS NOT NULL`);
    await queryRunner.query(`CREATE INDEX "IDX_images_dhash_bands" ON "images" USING gin ("dhashBands") WHERE "dhashBands" IS NOT NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "labels" DROP CONSTRAINT "FK_1dac254c39f2272db5783de4aba"`);
    await queryRunner.query(`ALTER TABLE "label_terms" DROP CONSTRAINT "FK_9934edceceb51e3016a08aada8e"`);
    await queryRunner.query(`ALTER TABLE "label_parts" DROP CONSTRAINT "FK_544775205a655d40f1c1d005be4"`);
    await queryRunner.query(`ALTER TABLE "label_parts" DROP CONSTRAINT "FK_837bfd066e53733265b4f4b66f0"`);
    await queryRunner.query(`ALTER TABLE "image_labels" DROP CONSTRAINT "FK_a025876dc8c059280cefcfc3a81"`);
    await queryRunner.query(`ALTER TABLE "image_labels" DROP CONSTRAINT "FK_a3c6914b7a9b6da9b87e2dd7a4f"`);
    await queryRunner.query(`ALTER TABLE "image_labels" DROP CONSTRAINT "FK_246372db6c9816fa5c5938b8b7c"`);
    await queryRunner.query(`ALTER TABLE "image_labels" DROP CONSTRAINT "FK_822bf01c64cdeb7f62dab5efc96"`);
    await queryRunner.query(`ALTER TABLE "image_reports" DROP CONSTRAINT "FK_cc45f058fe1bb2c6516378c5845"`);
    await queryRunner.query(`ALTER TABLE "image_duplicates" DROP CONSTRAINT "FK_6de89623fcabce0797951677ff7"`);
    await queryRunner.query(`ALTER TABLE "image_duplicates" DROP CONSTRAINT "FK_e543449d1ea99297f4e422690c7"`);
    await queryRunner.query(`ALTER TABLE "images" DROP CONSTRAINT "CHK_images_dataset_state"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_images_dataset_state"`);
    await queryRunner.query(`ALTER TABLE "images" DROP COLUMN "dhashBands"`);
    await queryRunner.query(`ALTER TABLE "images" DROP COLUMN "dhash"`);
    await queryRunner.query(`ALTER TABLE "images" DROP COLUMN "hidden"`);
    await queryRunner.query(`ALTER TABLE "images" DROP COLUMN "license"`);
    await queryRunner.query(`ALTER TABLE "images" DROP COLUMN "donatedAt"`);
    await queryRunner.query(`ALTER TABLE "images" DROP COLUMN "datasetState"`);
    await queryRunner.query(`DROP TABLE "labels"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_label_terms_label"`);
    await queryRunner.query(`DROP TABLE "label_terms"`);
    await queryRunner.query(`DROP TABLE "label_suggestions"`);
    await queryRunner.query(`DROP TABLE "label_parts"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_image_labels_suggestion_id"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_image_labels_label_id"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_image_labels_image"`);
    await queryRunner.query(`DROP TABLE "image_labels"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_image_reports_reporter"`);
    await queryRunner.query(`DROP TABLE "image_reports"`);
    await queryRunner.query(`DROP TABLE "image_duplicates"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_image_audit_image"`);
    await queryRunner.query(`DROP TABLE "image_audit"`);
  }
}

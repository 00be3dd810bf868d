import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Annotations: drawings per image–label pair, their revisions and votes, task answers, per-image coverage. */
export class Annotations1795245578964 implements MigrationInterface {
  name = 'Annotations1795245578964';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "annotation_revisions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "annotationId" uuid NOT NULL, "revision" integer NOT NULL, "shapes" jsonb NOT NULL, "authorId" uuid NOT NULL, "yes" integer NOT NULL DEFAULT '0', "no" integer NOT NULL DEFAULT '0', "informative" integer NOT NULL DEFAULT '0', "weightSum" double precision NOT NULL DEFAULT '0', "probability" double precision, "verdict" character varying(16) NOT NULL DEFAULT 'unknown', "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_annotation_revisions_verdict" CHECK ("verdict" IN ('unknown', 'likely_right', 'likely_wrong', 'uncertain')), CONSTRAINT "PK_59a225fa11a41156a3bab0f088f" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_annotation_revisions_author" ON "annotation_revisions"  ("authorId")`);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_annotation_revisions_number" ON "annotation_revisions"  ("annotationId", "revision")`);
    await queryRunner.query(`CREATE TABLE "annotation_task_answers" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "pairId" uuid NOT NULL, "voterId" uuid NOT NULL, "answer" character varying(16) NOT NULL, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_annotation_task_answers_answer" CHECK ("answer" IN ('skip', 'not_annotatable')), CONSTRAINT "PK_896eb54c0eff15b6a4fb67ad3e8" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_annotation_task_answers_voter" ON "annotation_task_answers"  ("voterId")`);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_annotation_task_answers_pair_voter" ON "annotation_task_answers"  ("pairId", "voterId")`);
    await queryRunner.query(`CREATE TABLE "annotation_votes" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "revisionId" uuid NOT NULL, "voterId" uuid NOT NULL, "answer" character varying(8) NOT NULL, "weight" double precision NOT NULL DEFAULT '0', "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_annotation_votes_answer" CHECK ("answer" IN ('yes', 'no')), CONSTRAINT "PK_84f7baf750a93a44a7c5f0969d2" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_annotation_votes_voter" ON "annotation_votes"  ("voterId")`);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_annotation_votes_revision_voter" ON "annotation_votes"  ("revisionId", "voterId")`);
    await queryRunner.query(`CREATE TABLE "annotations" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "imageId" uuid NOT NULL, "pairId" uuid NOT NULL, "annotatorId" uuid NOT NULL, "revision" integer NOT NULL DEFAULT '1', "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_d5b59b40ef7ee54b4309c2e89b2" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_annotations_image" ON "annotations"  ("imageId")`);
    await queryRunner.query(`CREATE INDEX "IDX_annotations_annotator" ON "annotations"  ("annotatorId")`);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_annotations_pair_annotator" ON "annotations"  ("pairId", "annotatorId")`);
    await queryRunner.query(`CREATE TABLE "image_annotation_stats" ("imageId" uuid NOT NULL, "coverage" double precision NOT NULL DEFAULT '0', "numAnnotations" integer NOT NULL DEFAULT '0', "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_a9809d6a11e3a09e7727f67422e" PRIMARY KEY ("imageId"))`);
    await queryRunner.query(`CREATE INDEX "IDX_image_annotation_stats_coverage" ON "image_annotation_stats"  ("coverage")`);
    await queryRunner.query(`ALTER TABLE "annotation_revisions" ADD CONSTRAINT "FK_cbef85870677414905f6be97b8c" FOREIGN KEY ("annotationId") REFERENCES "annotations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "annotation_revisions" ADD CONSTRAINT "FK_a7e1d97776732c2d2133e35ef0c" FOREIGN KEY ("authorId") REFERENCES "voters"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "annotation_task_answers" ADD CONSTRAINT "FK_c2adb5b217eaef329a0c86b86ae" FOREIGN KEY ("pairId") REFERENCES "image_labels"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "annotation_task_answers" ADD CONSTRAINT "FK_5ef39dcf36b494d33de748d365e" FOREIGN KEY ("voterId") REFERENCES "voters"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "annotation_votes" ADD CONSTRAINT "FK_abbd155df3f181228ab4d18411f" FOREIGN KEY ("revisionId") REFERENCES "annotation_revisions"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "annotation_votes" ADD CONSTRAINT "FK_5194f4e954976835f2c2b8d2cc9" FOREIGN KEY ("voterId") REFERENCES "voters"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "annotations" ADD CONSTRAINT "FK_f9379d72516d808197baa890630" FOREIGN KEY ("imageId") REFERENCES "images"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "annotations" ADD CONSTRAINT "FK_0d42d66364e35969d425577b2ed" FOREIGN KEY ("pairId") REFERENCES "image_labels"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "annotations" ADD CONSTRAINT "FK_b548c5da7cab08304fd37ac4acf" FOREIGN KEY ("annotatorId") REFERENCES "voters"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "image_annotation_stats" ADD CONSTRAINT "FK_a9809d6a11e3a09e7727f67422e" FOREIGN KEY ("imageId") REFERENCES "images"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "image_annotation_stats" DROP CONSTRAINT "FK_a9809d6a11e3a09e7727f67422e"`);
    await queryRunner.query(`ALTER TABLE "annotations" DROP CONSTRAINT "FK_b548c5da7cab08304fd37ac4acf"`);
    await queryRunner.query(`ALTER TABLE "annotations" DROP CONSTRAINT "FK_0d42d66364e35969d425577b2ed"`);
    await queryRunner.query(`ALTER TABLE "annotations" DROP CONSTRAINT "FK_f9379d72516d808197baa890630"`);
    await queryRunner.query(`ALTER TABLE "annotation_votes" DROP CONSTRAINT "FK_5194f4e954976835f2c2b8d2cc9"`);
    await queryRunner.query(`ALTER TABLE "annotation_votes" DROP CONSTRAINT "FK_abbd155df3f181228ab4d18411f"`);
    await queryRunner.query(`ALTER TABLE "annotation_task_answers" DROP CONSTRAINT "FK_5ef39dcf36b494d33de748d365e"`);
    await queryRunner.query(`ALTER TABLE "annotation_task_answers" DROP CONSTRAINT "FK_c2adb5b217eaef329a0c86b86ae"`);
    await queryRunner.query(`ALTER TABLE "annotation_revisions" DROP CONSTRAINT "FK_a7e1d97776732c2d2133e35ef0c"`);
    await queryRunner.query(`ALTER TABLE "annotation_revisions" DROP CONSTRAINT "FK_cbef85870677414905f6be97b8c"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_image_annotation_stats_coverage"`);
    await queryRunner.query(`DROP TABLE "image_annotation_stats"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_annotations_pair_annotator"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_annotations_annotator"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_annotations_image"`);
    await queryRunner.query(`DROP TABLE "annotations"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_annotation_votes_revision_voter"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_annotation_votes_voter"`);
    await queryRunner.query(`DROP TABLE "annotation_votes"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_annotation_task_answers_pair_voter"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_annotation_task_answers_voter"`);
    await queryRunner.query(`DROP TABLE "annotation_task_answers"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_annotation_revisions_number"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_annotation_revisions_author"`);
    await queryRunner.query(`DROP TABLE "annotation_revisions"`);
  }
}

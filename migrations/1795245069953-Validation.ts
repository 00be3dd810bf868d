import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Crowd validation: voters, one vote per voter per pair, pair counters and scores, alerts. */
export class Validation1795245069953 implements MigrationInterface {
  name = 'Validation1795245069953';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "validation_alerts" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "kind" character varying(24) NOT NULL, "pairId" uuid, "voterId" uuid, "detail" text NOT NULL, "resolvedAt" TIMESTAMP WITH TIME ZONE, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_9888df8009f1c7abb625bd22260" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_validation_alerts_open" ON "validation_alerts"  ("resolvedAt", "createdAt")`);
    await queryRunner.query(`CREATE TABLE "votes" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "pairId" uuid NOT NULL, "voterId" uuid NOT NULL, "answer" character varying(8) NOT NULL, "weight" double precision NOT NULL DEFAULT '0', "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_votes_answer" CHECK ("answer" IN ('yes', 'no', 'unsure')), CONSTRAINT "PK_f3d9fd4a0af865152c3f59db8ff" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_votes_voter" ON "votes"  ("voterId")`);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_votes_pair_voter" ON "votes"  ("pairId", "voterId")`);
    await queryRunner.query(`CREATE TABLE "voters" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "userId" uuid, "anonKey" character(64), "yesWeight" double precision NOT NULL DEFAULT '0', "noWeight" double precision NOT NULL DEFAULT '0', "accuracy" double precision, "flag" character varying(24) NOT NULL DEFAULT 'training', "counted" boolean NOT NULL DEFAULT false, "goldAnswered" integer NOT NULL DEFAULT '0', "goldCorrect" integer NOT NULL DEFAULT '0', "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_voters_flag" CHECK ("flag" IN ('training', 'trusted', 'suspected_spammer', 'adversarial')), CONSTRAINT "PK_a58842a42a7c48bc3efebb0a305" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_voters_anon" ON "voters"  ("anonKey") WHERE "anonKey" IS NOT NULL`);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_voters_user" ON "voters"  ("userId") WHERE "userId" IS NOT NULL`);
    await queryRunner.query(`ALTER TABLE "image_labels" ADD "yes" integer NOT NULL DEFAULT '0'`);
    await queryRunner.query(`ALTER TABLE "image_labels" ADD "no" integer NOT NULL DEFAULT '0'`);
    await queryRunner.query(`ALTER TABLE "image_labels" ADD "unsure" integer NOT NULL DEFAULT '0'`);
    await queryRunner.query(`ALTER TABLE "image_labels" ADD "informative" integer NOT NULL DEFAULT '0'`);
    await queryRunner.query(`ALTER TABLE "image_labels" ADD "weightSum" double precision NOT NULL DEFAULT '0'`);
    await queryRunner.query(`ALTER TABLE "image_labels" ADD "probability" double precision`);
    await queryRunner.query(`ALTER TABLE "image_labels" ADD "verdict" character varying(16) NOT NULL DEFAULT 'unknown'`);
    await queryRunner.query(`ALTER TABLE "image_labels" ADD "gold" boolean`);
    await queryRunner.query(`ALTER TABLE "image_labels" ADD "baselineProbability" double precision`);
    await queryRunner.query(`ALTER TABLE "image_labels" ADD "baselineAt" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`CREATE INDEX "IDX_image_labels_probability" ON "image_labels"  ("probability")`);
    await queryRunner.query(`ALTER TABLE "votes" ADD CONSTRAINT "FK_9040edbfe5884e2ac6a3479d66a" FOREIGN KEY ("pairId") REFERENCES "image_labels"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "votes" ADD CONSTRAINT "FK_dcc38940c4fffe707c10e061d2a" FOREIGN KEY ("voterId") REFERENCES "voters"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "votes" DROP CONSTRAINT "FK_dcc38940c4fffe707c10e061d2a"`);
    await queryRunner.query(`ALTER TABLE "votes" DROP CONSTRAINT "FK_9040edbfe5884e2ac6a3479d66a"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_image_labels_probability"`);
    await queryRunner.query(`ALTER TABLE "image_labels" DROP COLUMN "baselineAt"`);
    await queryRunner.query(`ALTER TABLE "image_labels" DROP COLUMN "baselineProbability"`);
    await queryRunner.query(`ALTER TABLE "image_labels" DROP COLUMN "gold"`);
    await queryRunner.query(`ALTER TABLE "image_labels" DROP COLUMN "verdict"`);
    await queryRunner.query(`ALTER TABLE "image_labels" DROP COLUMN "probability"`);
    await queryRunner.query(`ALTER TABLE "image_labels" DROP COLUMN "weightSum"`);
    await queryRunner.query(`ALTER TABLE "image_labels" DROP COLUMN "informative"`);
    await queryRunner.query(`ALTER TABLE "image_labels" DROP COLUMN "unsure"`);
    await queryRunner.query(`ALTER TABLE "image_labels" DROP COLUMN "no"`);
    await queryRunner.query(`ALTER TABLE "image_labels" DROP COLUMN "yes"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_voters_user"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_voters_anon"`);
    await queryRunner.query(`DROP TABLE "voters"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_votes_pair_voter"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_votes_voter"`);
    await queryRunner.query(`DROP TABLE "votes"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_validation_alerts_open"`);
    await queryRunner.query(`DROP TABLE "validation_alerts"`);
  }
}

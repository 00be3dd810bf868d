import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Webhooks1795244245359 implements MigrationInterface {
  name = 'Webhooks1795244245359';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "outbox_events" ("id" uuid NOT NULL, "type" character varying(64) NOT NULL, "payload" jsonb NOT NULL, "occurredAt" TIMESTAMP WITH TIME ZONE NOT NULL, "targetSubscriptionId" uuid, "dispatchedAt" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_6689a16c00d09b8089f6237f1d2" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_outbox_events_undispatched" ON "outbox_events"  ("occurredAt") WHERE "dispatchedAt" IS NULL`);
    await queryRunner.query(`CREATE TABLE "webhook_deliveries" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "eventId" uuid NOT NULL, "subscriptionId" uuid NOT NULL, "status" character varying(16) NOT NULL DEFAULT 'pending', "attempts" integer NOT NULL DEFAULT '0', "nextAttemptAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "leaseExpiresAt" TIMESTAMP WITH TIME ZONE, "claimToken" uuid, "lastAttemptAt" TIMESTAMP WITH TIME ZONE, "lastStatusCode" integer, "lastError" character varying(500), "deliveredAt" TIMESTAMP WITH TIME ZONE, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_webhook_deliveries_event_subscription" UNIQUE ("eventId", "subscriptionId"), CONSTRAINT "CHK_webhook_deliveries_status" CHECK ("status" IN ('pending', 'sending', 'delivered', 'dead')), CONSTRAINT "PK_535dd409947fb6d8fc6dfc0112a" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_webhook_deliveries_subscription" ON "webhook_deliveries"  ("subscriptionId", "createdAt")`);
    await queryRunner.query(`CREATE INDEX "IDX_webhook_deliveries_due" ON "webhook_deliveries"  ("status", "nextAttemptAt")`);
    await queryRunner.query(`CREATE TABLE "webhook_subscriptions" ("id" uuid NOT NULL, "name" character varying(64) NOT NULL, "channel" character varying(64) NOT NULL, "urlSealed" text NOT NULL, "displayUrl" character varying(2048) NOT NULL, "events" text array NOT NULL, "secretSealed" text, "options" jsonb NOT NULL DEFAULT '{}', "enabled" boolean NOT NULL DEFAULT true, "source" character varying(16) NOT NULL DEFAULT 'api', "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_webhook_subscriptions_source" CHECK ("source" IN ('config', 'api')), CONSTRAINT "PK_bf631ae77d39849d599817fb6f4" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_webhook_subscriptions_name" ON "webhook_subscriptions"  ("name")`);
    await queryRunner.query(`ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "FK_981677c4e790567f3306581e0b7" FOREIGN KEY ("eventId") REFERENCES "outbox_events"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "FK_336d332b73385acf5c5879e42be" FOREIGN KEY ("subscriptionId") REFERENCES "webhook_subscriptions"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "webhook_deliveries" DROP CONSTRAINT "FK_336d332b73385acf5c5879e42be"`);
    await queryRunner.query(`ALTER TABLE "webhook_deliveries" DROP CONSTRAINT "FK_981677c4e790567f3306581e0b7"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_webhook_subscriptions_name"`);
    await queryRunner.query(`DROP TABLE "webhook_subscriptions"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_webhook_deliveries_due"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_webhook_deliveries_subscription"`);
    await queryRunner.query(`DROP TABLE "webhook_deliveries"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_outbox_events_undispatched"`);
    await queryRunner.query(`DROP TABLE "outbox_events"`);
  }
}

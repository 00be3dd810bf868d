import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The validation queue's order as indexes (GET /api/validation/next): fewest yes/no votes, then most uncertain,
 * then id, exactly the expressions ValidationRepository.candidates sorts by. The task query walks the index and
 * stops after its LIMIT instead of sorting every approved pair on each request. Partial: regular pairs with a
 * vocabulary label in one, gold pairs (served separately) in the other.
 */
export class TaskOrder1795250000000 implements MigrationInterface {
  name = 'TaskOrder1795250000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "IDX_image_labels_task_order" ON "image_labels" ((yes + no), abs(COALESCE(probability, 0.5) - 0.5), id) WHERE gold IS NULL AND "labelId" IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_image_labels_gold_task_order" ON "image_labels" ((yes + no), abs(COALESCE(probability, 0.5) - 0.5), id) WHERE gold IS NOT NULL AND "labelId" IS NOT NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_image_labels_gold_task_order"`);
    await queryRunner.query(`DROP INDEX "IDX_image_labels_task_order"`);
  }
}

import type { DataSource } from 'typeorm';

export interface SchemaChanges {
  up: string[];
  down: string[];
}

/** SQL that would bring the database in line with the entities; empty when the migrations are complete. */
export async function schemaChanges(dataSource: DataSource): Promise<SchemaChanges> {
  const log = await dataSource.driver.createSchemaBuilder().log();
  return { up: log.upQueries.map((q) => q.query), down: log.downQueries.map((q) => q.query).reverse() };
}

export async function pendingSchemaChanges(dataSource: DataSource): Promise<string[]> {
  return (await schemaChanges(dataSource)).up;
}

/** A migration class in the style of migrations/, from the pending changes. */
export function renderMigration(name: string, timestamp: number, changes: SchemaChanges): string {
  const lines = (queries: string[]) => queries.map((q) => `    await queryRunner.query(\`${q.replace(/[`\\]/g, (c) => `\\${c}`).trim()}\`);`).join('\n');
  return `import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ${name}${timestamp} implements MigrationInterface {
  name = '${name}${timestamp}';

  async up(queryRunner: QueryRunner): Promise<void> {
${lines(changes.up)}
  }

  async down(queryRunner: QueryRunner): Promise<void> {
${lines(changes.down)}
  }
}
`;
}

import type { DataSource } from 'typeorm';

/** SQL that would bring the database in line with the entities; empty when the migrations are complete. */
export async function pendingSchemaChanges(dataSource: DataSource): Promise<string[]> {
  const log = await dataSource.driver.createSchemaBuilder().log();
  return log.upQueries.map((q) => q.query);
}

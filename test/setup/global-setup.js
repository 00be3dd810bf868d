import { randomBytes } from 'node:crypto';

/** One id per test run; every database the run creates is named after it (see test/utils/databases.ts). */
export default async function globalSetup() {
  process.env.IMAGEHIVE_TEST_RUN ??= `${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
}

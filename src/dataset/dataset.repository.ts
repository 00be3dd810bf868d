import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { DatasetState, ImageEntity } from '../uploads/image.entity.js';
import { PAIR_NAME, PAIRS_FROM } from '../labels/pair-name.sql.js';
import type { AuditAction } from './image-audit.entity.js';

/** A dataset image's labels (`dog`, `dog.has=ear`), open report reasons and near-duplicates. */
export interface QueueFacts {
  labels: string[];
  reportReasons: string[];
  nearDuplicates: Array<{ imageId: string; distance: number }>;
}

export interface AuditEntry {
  imageId: string;
  actorId: string | null;
  action: AuditAction;
  fromState?: string | null;
  toState?: string | null;
  detail?: string | null;
}

/** dHash bands: byte i of the hash tagged with its position, so equal bytes at the same place match. */
export function dhashBands(hex: string): number[] {
  return Array.from({ length: 8 }, (_, i) => i * 256 + Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16));
}

/** The 64-bit hash as PostgreSQL's signed bigint. */
export function dhashBigint(hex: string): string {
  return BigInt.asIntN(64, BigInt(`0x${hex}`)).toString();
}

@Injectable()
export class DatasetRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  async audit(manager: EntityManager, entry: AuditEntry): Promise<void> {
    await manager.query(
      'INSERT INTO image_audit ("imageId", "actorId", action, "fromState", "toState", detail) VALUES ($1, $2, $3, $4, $5, $6)',
      [entry.imageId, entry.actorId, entry.action, entry.fromState ?? null, entry.toState ?? null, entry.detail ?? null],
    );
  }

  history(imageId: string) {
    return this.dataSource.query(
      `SELECT a.action, a."fromState", a."toState", a.detail, a."createdAt", u.username AS actor
         FROM image_audit a LEFT JOIN users u ON u.id = a."actorId" WHERE a."imageId" = $1 ORDER BY a."createdAt", a.id`,
      [imageId],
    ) as Promise<Array<{ action: string; fromState: string | null; toState: string | null; detail: string | null; createdAt: Date; actor: string | null }>>;
  }

  wasDeleted(imageId: string): Promise<Date | null> {
    return this.dataSource
      .query(`SELECT "createdAt" FROM image_audit WHERE "imageId" = $1 AND action = 'deleted' ORDER BY "createdAt" DESC LIMIT 1`, [imageId])
      .then((rows: Array<{ createdAt: Date }>) => rows[0]?.createdAt ?? null);
  }

  /** Locks the image row for a state change. */
  lockImage(manager: EntityManager, id: string): Promise<ImageEntity | null> {
    return manager.getRepository<ImageEntity>('ImageEntity').createQueryBuilder('i').setLock('pessimistic_write').where('i.id = :id', { id }).getOne();
  }

  async setState(manager: EntityManager, id: string, fields: { datasetState: DatasetState; hidden?: boolean; donatedAt?: Date; license?: string; ownerId?: string | null }): Promise<void> {
    await manager.getRepository<ImageEntity>('ImageEntity').update({ id }, fields);
  }

  async setHash(manager: EntityManager, id: string, hex: string): Promise<void> {
    await manager.query('UPDATE images SET dhash = $2, "dhashBands" = $3 WHERE id = $1', [id, dhashBigint(hex), dhashBands(hex)]);
  }

  /** Dataset images whose dHash is within `maxDistance` bits (candidates from the band index, then exact). */
  similar(manager: EntityManager, id: string, hex: string, maxDistance: number): Promise<Array<{ id: string; distance: number }>> {
    return manager.query(
      `SELECT id, bit_count((dhash # $2::bigint)::bit(64))::int AS distance
         FROM images
        WHERE "dhashBands" && $3::int[] AND id <> $1 AND "datasetState" IS NOT NULL
          AND bit_count((dhash # $2::bigint)::bit(64)) <= $4
        ORDER BY distance LIMIT 20`,
      [id, dhashBigint(hex), dhashBands(hex), maxDistance],
    );
  }

  async flagDuplicate(manager: EntityManager, imageId: string, similarImageId: string, distance: number): Promise<void> {
    await manager.query(
      'INSERT INTO image_duplicates ("imageId", "similarImageId", distance) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING',
      [imageId, similarImageId, distance],
    );
  }

  /** Another dataset image with exactly these bytes, if any. */
  async datasetImageWithBlob(manager: EntityManager, sha256: string, exceptId?: string): Promise<string | null> {
    const rows: Array<{ id: string }> = await manager.query(
      'SELECT id FROM images WHERE "blobSha256" = $1 AND "datasetState" IS NOT NULL AND ($2::uuid IS NULL OR id <> $2) LIMIT 1',
      [sha256, exceptId ?? null],
    );
    return rows[0]?.id ?? null;
  }

  /** Records a report (one per reporter per image); returns its id and the open reports, or null if a repeat. */
  async report(manager: EntityManager, imageId: string, reporterId: string | null, reporterKey: string, reason: string): Promise<{ id: string; open: number } | null> {
    const inserted: Array<{ id: string }> = await manager.query(
      `INSERT INTO image_reports ("imageId", "reporterId", "reporterKey", reason) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING id`,
      [imageId, reporterId, reporterKey, reason],
    );
    if (!inserted.length) return null;
    const [{ n }] = await manager.query('SELECT count(*)::int AS n FROM image_reports WHERE "imageId" = $1 AND "resolvedAt" IS NULL', [imageId]);
    return { id: inserted[0].id, open: n };
  }

  /** Closes the image's open reports; returns how many there were. */
  async resolveReports(manager: EntityManager, imageId: string): Promise<number> {
    const [, count] = await manager.query('UPDATE image_reports SET "resolvedAt" = now() WHERE "imageId" = $1 AND "resolvedAt" IS NULL', [imageId]);
    return count as number;
  }

  /** What the moderation queue shows beside each image of a page, in one query (not two per row). */
  async queueFacts(imageIds: string[]): Promise<Map<string, QueueFacts>> {
    if (!imageIds.length) return new Map();
    const rows: Array<QueueFacts & { id: string }> = await this.dataSource.query(
      `SELECT i.id,
              ARRAY(SELECT ${PAIR_NAME} FROM ${PAIRS_FROM} WHERE p."imageId" = i.id ORDER BY p."createdAt", COALESCE(l.name, s.name)) AS labels,
              ARRAY(SELECT r.reason FROM image_reports r WHERE r."imageId" = i.id AND r."resolvedAt" IS NULL ORDER BY r."createdAt") AS "reportReasons",
              COALESCE((SELECT json_agg(json_build_object('imageId', d."similarImageId", 'distance', d.distance) ORDER BY d.distance, d."similarImageId")
                          FROM image_duplicates d WHERE d."imageId" = i.id), '[]') AS "nearDuplicates"
         FROM images i WHERE i.id = ANY($1::uuid[])`,
      [imageIds],
    );
    return new Map(rows.map(({ id, ...facts }) => [id, facts]));
  }
}

import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

export interface DayCount {
  day: string;
  uploads: number;
  bytes: number;
}

export interface OwnerUsage {
  ownerId: string;
  uploads: number;
  bytes: number;
}

export interface DayTally {
  day: string;
  count: number;
}

export interface ModerationBacklog {
  pending: number;
  reported: number;
  nearDuplicates: number;
  suggestions: number;
  alerts: number;
}

// The last $1 UTC days as rows d(day), and the condition for a timestamp to fall on one of them.
const LAST_DAYS = `generate_series((now() AT TIME ZONE 'UTC')::date - ($1::int - 1), (now() AT TIME ZONE 'UTC')::date, interval '1 day') AS d(day)`;
const onDay = (column: string) => `${column} >= (d.day AT TIME ZONE 'UTC') AND ${column} < ((d.day + interval '1 day') AT TIME ZONE 'UTC')`;

/** Read-only aggregate queries for the dashboard and the users list (bytes as text: bigint sums exceed int). */
@Injectable()
export class AdminStatsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Uploads (and their bytes) per UTC day, oldest first, zero-filled. */
  async uploadsPerDay(days: number): Promise<DayCount[]> {
    const rows: Array<{ day: string; uploads: number; bytes: string }> = await this.db.query(
      `SELECT to_char(d.day, 'YYYY-MM-DD') AS day, COUNT(i.id)::int AS uploads, COALESCE(SUM(b.size), 0)::text AS bytes
         FROM ${LAST_DAYS} LEFT JOIN images i ON ${onDay('i."createdAt"')} LEFT JOIN blobs b ON b.sha256 = i."blobSha256"
        GROUP BY d.day ORDER BY d.day`,
      [days],
    );
    return rows.map((r) => ({ day: r.day, uploads: r.uploads, bytes: Number(r.bytes) }));
  }

  /** Donations to the dataset per UTC day (still in it, whatever their state), oldest first, zero-filled. */
  donationsPerDay(days: number): Promise<DayTally[]> {
    return this.db.query(
      `SELECT to_char(d.day, 'YYYY-MM-DD') AS day, COUNT(i.id)::int AS count FROM ${LAST_DAYS} LEFT JOIN images i ON ${onDay('i."donatedAt"')} GROUP BY d.day ORDER BY d.day`,
      [days],
    );
  }

  /** Validation votes per UTC day (a changed vote counts on the day it was first cast), oldest first, zero-filled. */
  votesPerDay(days: number): Promise<DayTally[]> {
    return this.db.query(
      `SELECT to_char(d.day, 'YYYY-MM-DD') AS day, COUNT(v.id)::int AS count FROM ${LAST_DAYS} LEFT JOIN votes v ON ${onDay('v."createdAt"')} GROUP BY d.day ORDER BY d.day`,
      [days],
    );
  }

  /** What waits for moderators. */
  async moderationBacklog(): Promise<ModerationBacklog> {
    const [row] = await this.db.query(
      `SELECT (SELECT COUNT(*)::int FROM images WHERE "datasetState" = 'pending') AS pending,
              (SELECT COUNT(DISTINCT "imageId")::int FROM image_reports WHERE "resolvedAt" IS NULL) AS reported,
              (SELECT COUNT(*)::int FROM images i WHERE i."datasetState" = 'pending' AND EXISTS (SELECT 1 FROM image_duplicates d WHERE d."imageId" = i.id)) AS "nearDuplicates",
              (SELECT COUNT(*)::int FROM label_suggestions WHERE state = 'open') AS suggestions,
              (SELECT COUNT(*)::int FROM validation_alerts WHERE "resolvedAt" IS NULL) AS alerts`,
    );
    return row;
  }

  /** The vocabulary labels on the most dataset images. */
  topLabels(limit: number): Promise<Array<{ name: string; images: number }>> {
    return this.db.query(
      `SELECT l.name, COUNT(DISTINCT p."imageId")::int AS images FROM image_labels p JOIN labels l ON l.id = p."labelId"
        GROUP BY l.id, l.name ORDER BY images DESC, l.name LIMIT $1`,
      [limit],
    );
  }

  /** Links and the bytes they point at (what quotas count), and the bytes actually stored (deduplicated). */
  async storage(): Promise<{ images: number; linkedBytes: number; blobs: number; storedBytes: number }> {
    const [row] = await this.db.query(
      `SELECT (SELECT COUNT(*)::int FROM images) AS images,
              (SELECT COALESCE(SUM(b.size), 0)::text FROM images i JOIN blobs b ON b.sha256 = i."blobSha256") AS "linkedBytes",
              (SELECT COUNT(*)::int FROM blobs) AS blobs,
              (SELECT COALESCE(SUM(size), 0)::text FROM blobs) AS "storedBytes"`,
    );
    return { images: row.images, linkedBytes: Number(row.linkedBytes), blobs: row.blobs, storedBytes: Number(row.storedBytes) };
  }

  async usersByRole(): Promise<Array<{ role: string; disabled: boolean; count: number }>> {
    return this.db.query('SELECT role, disabled, COUNT(*)::int AS count FROM users GROUP BY role, disabled ORDER BY role, disabled');
  }

  async topUploaders(limit: number): Promise<Array<OwnerUsage & { username: string }>> {
    const rows: Array<{ ownerId: string; username: string; uploads: number; bytes: string }> = await this.db.query(
      `SELECT u.id AS "ownerId", u.username, COUNT(i.id)::int AS uploads, COALESCE(SUM(b.size), 0)::text AS bytes
         FROM images i JOIN blobs b ON b.sha256 = i."blobSha256" JOIN users u ON u.id = i."ownerId"
        GROUP BY u.id, u.username ORDER BY SUM(b.size) DESC, COUNT(i.id) DESC, u.username LIMIT $1`,
      [limit],
    );
    return rows.map((r) => ({ ...r, bytes: Number(r.bytes) }));
  }

  async usageByOwner(ownerIds: string[]): Promise<Map<string, OwnerUsage>> {
    if (!ownerIds.length) return new Map();
    const rows: Array<{ ownerId: string; uploads: number; bytes: string }> = await this.db.query(
      `SELECT i."ownerId", COUNT(*)::int AS uploads, COALESCE(SUM(b.size), 0)::text AS bytes
         FROM images i JOIN blobs b ON b.sha256 = i."blobSha256"
        WHERE i."ownerId" = ANY($1::uuid[]) GROUP BY i."ownerId"`,
      [ownerIds],
    );
    return new Map(rows.map((r) => [r.ownerId, { ownerId: r.ownerId, uploads: r.uploads, bytes: Number(r.bytes) }]));
  }
}

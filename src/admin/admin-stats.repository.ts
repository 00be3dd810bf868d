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

/** Read-only aggregate queries for the dashboard and the users list (bytes as text: bigint sums exceed int). */
@Injectable()
export class AdminStatsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** One row per UTC day, oldest first, zero-filled. */
  async uploadsPerDay(days: number): Promise<DayCount[]> {
    const rows: Array<{ day: string; uploads: number; bytes: string }> = await this.db.query(
      `SELECT to_char(d.day, 'YYYY-MM-DD') AS day, COUNT(i.id)::int AS uploads, COALESCE(SUM(b.size), 0)::text AS bytes
         FROM generate_series((now() AT TIME ZONE 'UTC')::date - ($1::int - 1), (now() AT TIME ZONE 'UTC')::date, interval '1 day') AS d(day)
         LEFT JOIN images i ON i."createdAt" >= (d.day AT TIME ZONE 'UTC') AND i."createdAt" < ((d.day + interval '1 day') AT TIME ZONE 'UTC')
         LEFT JOIN blobs b ON b.sha256 = i."blobSha256"
        GROUP BY d.day ORDER BY d.day`,
      [days],
    );
    return rows.map((r) => ({ day: r.day, uploads: r.uploads, bytes: Number(r.bytes) }));
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

import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, type EntityManager, type Repository } from 'typeorm';
import { type PageQueryDto, paginate } from '../common/pagination.js';
import { UserEntity } from '../users/user.entity.js';
import { BlobEntity } from './blob.entity.js';
import { ImageEntity } from './image.entity.js';

export interface ImageWithBlob {
  image: ImageEntity;
  blob: BlobEntity;
}

export type NewBlob = Pick<BlobEntity, 'sha256' | 'storageKey' | 'size' | 'mimeType' | 'format' | 'width' | 'height' | 'pages'>;

export interface ImageFilter {
  ownerId?: string;
  format?: string;
  from?: Date;
  to?: Date;
  search?: string;
}

@Injectable()
export class UploadsRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectRepository(ImageEntity) private readonly images: Repository<ImageEntity>,
    @InjectRepository(BlobEntity) private readonly blobs: Repository<BlobEntity>,
  ) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /** Serialises everything that creates or removes one blob's file (upload, delete, sweep) across instances. */
  async lockBlob(manager: EntityManager, sha256: string): Promise<void> {
    await manager.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 42))', [sha256]);
  }

  blobExists(manager: EntityManager, sha256: string): Promise<boolean> {
    return manager.getRepository(BlobEntity).existsBy({ sha256 });
  }

  async insertBlobIfMissing(manager: EntityManager, blob: NewBlob): Promise<void> {
    await manager.createQueryBuilder().insert().into(BlobEntity).values(blob).orIgnore().execute();
  }

  insertImage(manager: EntityManager, image: Partial<ImageEntity>): Promise<ImageEntity> {
    const repo = manager.getRepository(ImageEntity);
    return repo.save(repo.create(image));
  }

  /** Deletes the image; returns its blob's hash when no other image uses that blob any more. */
  async deleteImage(
    manager: EntityManager,
    id: string,
  ): Promise<{ deleted: ImageEntity | null; orphanedBlob: Pick<BlobEntity, 'sha256' | 'storageKey'> | null }> {
    const image = await manager.getRepository(ImageEntity).findOneBy({ id });
    if (!image) return { deleted: null, orphanedBlob: null };
    await this.lockBlob(manager, image.blobSha256);
    // Another instance (or request) may have deleted it while we waited for the lock: only one delete counts.
    const { affected } = await manager.getRepository(ImageEntity).delete({ id });
    if (!affected) return { deleted: null, orphanedBlob: null };
    const stillUsed = await manager.getRepository(ImageEntity).existsBy({ blobSha256: image.blobSha256 });
    if (stillUsed) return { deleted: image, orphanedBlob: null };
    const blob = await manager.getRepository(BlobEntity).findOneByOrFail({ sha256: image.blobSha256 });
    await manager.getRepository(BlobEntity).delete({ sha256: image.blobSha256 });
    return { deleted: image, orphanedBlob: { sha256: blob.sha256, storageKey: blob.storageKey } };
  }

  async findBySlug(slug: string): Promise<ImageWithBlob | null> {
    const image = await this.images.findOne({ where: { slug }, relations: { blob: true } });
    return image?.blob ? { image, blob: image.blob } : null;
  }

  async findById(id: string): Promise<ImageWithBlob | null> {
    const image = await this.images.findOne({ where: { id }, relations: { blob: true } });
    return image?.blob ? { image, blob: image.blob } : null;
  }

  findWithSecret(slug: string): Promise<ImageEntity | null> {
    return this.images.createQueryBuilder('i').addSelect('i.deletionSecretHash').where('i.slug = :slug', { slug }).getOne();
  }

  /** Counts one view of a link with a view limit; false when the limit was already reached. */
  async countView(id: string): Promise<boolean> {
    // For UPDATE, TypeORM answers [rows, rowCount].
    const [, counted]: [unknown[], number] = await this.dataSource.query(
      'UPDATE images SET views = views + 1 WHERE id = $1 AND ("maxViews" IS NULL OR views < "maxViews")',
      [id],
    );
    return counted > 0;
  }

  /** Held by an upload that counts against its owner's quota until it commits: two cannot both fit the last slot. */
  async lockOwner(manager: EntityManager, ownerId: string): Promise<void> {
    await manager.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 43))', [ownerId]);
  }

  async usage(ownerId: string, manager: EntityManager = this.dataSource.manager): Promise<{ bytes: number; files: number }> {
    const [row] = await manager.query(
      'SELECT COALESCE(SUM(b.size), 0)::text AS bytes, COUNT(*)::int AS files FROM images i JOIN blobs b ON b.sha256 = i."blobSha256" WHERE i."ownerId" = $1',
      [ownerId],
    );
    return { bytes: Number(row.bytes), files: row.files };
  }

  quotaOf(ownerId: string): Promise<Pick<UserEntity, 'quotaBytes' | 'quotaFiles' | 'username'> | null> {
    return this.dataSource.getRepository(UserEntity).findOne({ where: { id: ownerId }, select: { quotaBytes: true, quotaFiles: true, username: true } });
  }

  list(filter: ImageFilter, page: PageQueryDto) {
    const query = this.images.createQueryBuilder('i').innerJoinAndSelect('i.blob', 'b');
    if (filter.ownerId) query.andWhere('i.ownerId = :ownerId', { ownerId: filter.ownerId });
    if (filter.format) query.andWhere('b.format = :format', { format: filter.format });
    if (filter.from) query.andWhere('i.createdAt >= :from', { from: filter.from });
    if (filter.to) query.andWhere('i.createdAt < :to', { to: filter.to });
    if (filter.search) {
      const pattern = `%${filter.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      query.andWhere('(i.originalName ILIKE :pattern OR i.slug ILIKE :pattern)', { pattern });
    }
    return paginate(query, 'i', page);
  }

  /** Links past their expiry or view limit, oldest first. */
  findExpired(now: Date, limit: number): Promise<ImageEntity[]> {
    return this.images
      .createQueryBuilder('i')
      .where('i.expiresAt <= :now', { now })
      .orWhere('(i.maxViews IS NOT NULL AND i.views >= i.maxViews)')
      .orderBy('i.createdAt', 'ASC')
      .take(limit)
      .getMany();
  }

  blobExistsOutside(sha256: string): Promise<boolean> {
    return this.blobs.existsBy({ sha256 });
  }

  /** Removes a blob row and every image on it; returns how many rows went. */
  async deleteBlobAndImages(manager: EntityManager, sha256: string): Promise<number> {
    const images = await manager.getRepository(ImageEntity).delete({ blobSha256: sha256 });
    await manager.getRepository(BlobEntity).delete({ sha256 });
    return (images.affected ?? 0) + 1;
  }

  allBlobs(): Promise<BlobEntity[]> {
    return this.blobs.find({ select: { sha256: true, storageKey: true } });
  }

  countBlobsWithKey(key: string): Promise<number> {
    return this.blobs.countBy({ storageKey: key });
  }
}

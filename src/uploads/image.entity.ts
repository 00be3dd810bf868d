import { BaseEntity, Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { UserEntity } from '../users/user.entity.js';
import type { BlobEntity } from './blob.entity.js';

export const DATASET_STATES = ['pending', 'approved', 'rejected', 'quarantined'] as const;
export type DatasetState = (typeof DATASET_STATES)[number];

/** One stored image behind one short link: a private upload now, a dataset image too once donated. */
@Entity('images')
@Index('IDX_images_dhash_bands', { synchronize: false })
@Check('CHK_images_dataset_state', `"datasetState" IN ('pending', 'approved', 'rejected', 'quarantined')`)
@Index('IDX_images_owner_created', ['ownerId', 'createdAt'])
export class ImageEntity extends BaseEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** The short link id: /i/<slug>. */
  @Index('UQ_images_slug', { unique: true })
  @Column({ type: 'varchar', length: 128 })
  slug: string;

  @Column({ type: 'uuid', nullable: true })
  ownerId: string | null;

  @ManyToOne('UserEntity', { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'ownerId' })
  owner?: UserEntity;

  @Index('IDX_images_blob')
  @Column({ type: 'char', length: 64 })
  blobSha256: string;

  @ManyToOne('BlobEntity', { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'blobSha256' })
  blob?: BlobEntity;

  @Column({ type: 'varchar', length: 255, nullable: true })
  originalName: string | null;

  /** Size of the upload as received, before compression. */
  @Column({ type: 'bigint', transformer: { to: (v: number) => v, from: (v: string) => Number(v) } })
  originalSize: number;

  @Column({ type: 'boolean' })
  compressed: boolean;

  @Column({ type: 'char', length: 64, select: false })
  deletionSecretHash: string;

  @Index('IDX_images_expires')
  @Column({ type: 'timestamptz', nullable: true })
  expiresAt: Date | null;

  @Column({ type: 'integer', nullable: true })
  maxViews: number | null;

  @Column({ type: 'integer', default: 0 })
  views: number;

  /** null: a private upload. Otherwise a dataset image (CC0) in its moderation state. */
  @Index('IDX_images_dataset_state')
  @Column({ type: 'varchar', length: 16, nullable: true })
  datasetState: DatasetState | null;

  @Column({ type: 'timestamptz', nullable: true })
  donatedAt: Date | null;

  @Column({ type: 'varchar', length: 16, nullable: true })
  license: string | null;

  /** Hidden after enough reports, until a moderator decides. */
  @Column({ type: 'boolean', default: false })
  hidden: boolean;

  /** 64-bit dHash (signed) of the pixels, for near-duplicate checks. */
  @Column({ type: 'bigint', nullable: true })
  dhash: string | null;

  /** The dHash's eight bytes tagged by position (i*256 + byte): a GIN index finds candidates sharing any byte. */
  @Column({ type: 'integer', array: true, nullable: true })
  dhashBands: number[] | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

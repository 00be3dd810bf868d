import { BaseEntity, Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** Stored bytes, addressed by their SHA-256: identical uploads share one blob, however many links point at it. */
@Entity('blobs')
export class BlobEntity extends BaseEntity {
  @PrimaryColumn({ type: 'char', length: 64 })
  sha256: string;

  @Column({ type: 'varchar', length: 255 })
  storageKey: string;

  @Column({ type: 'bigint', transformer: { to: (v: number) => v, from: (v: string) => Number(v) } })
  size: number;

  @Column({ type: 'varchar', length: 64 })
  mimeType: string;

  @Column({ type: 'varchar', length: 16 })
  format: string;

  @Column({ type: 'integer' })
  width: number;

  @Column({ type: 'integer' })
  height: number;

  @Column({ type: 'integer', default: 1 })
  pages: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

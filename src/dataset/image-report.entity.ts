import { BaseEntity, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { ImageEntity } from '../uploads/image.entity.js';

/** One report per reporter per image: a user id, or a keyed hash of an anonymous client's address. */
@Entity('image_reports')
@Index('UQ_image_reports_reporter', ['imageId', 'reporterKey'], { unique: true })
export class ImageReportEntity extends BaseEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  imageId: string;

  @ManyToOne('ImageEntity', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'imageId' })
  image?: ImageEntity;

  @Column({ type: 'uuid', nullable: true })
  reporterId: string | null;

  @Column({ type: 'char', length: 64 })
  reporterKey: string;

  @Column({ type: 'varchar', length: 500 })
  reason: string;

  @Column({ type: 'timestamptz', nullable: true })
  resolvedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

import { BaseEntity, Column, Entity, Index, JoinColumn, OneToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { ImageEntity } from '../uploads/image.entity.js';

/**
 * Per-image figures the query language filters on (annotation.coverage, image.num_annotations), kept up to
 * date in the transactions that change annotations. The row also serialises those transactions per image.
 */
@Entity('image_annotation_stats')
export class ImageAnnotationStatsEntity extends BaseEntity {
  @PrimaryColumn({ type: 'uuid' })
  imageId: string;

  @OneToOne('ImageEntity', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'imageId' })
  image?: ImageEntity;

  /** Share (0–1) of the image covered by the union of the validated annotations' current shapes. */
  @Index('IDX_image_annotation_stats_coverage')
  @Column({ type: 'double precision', default: 0 })
  coverage: number;

  /** Annotations on the image, whatever their state. */
  @Column({ type: 'integer', default: 0 })
  numAnnotations: number;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

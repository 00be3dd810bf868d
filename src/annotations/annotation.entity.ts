import { BaseEntity, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { ImageLabelEntity } from '../labels/image-label.entity.js';
import type { ImageEntity } from '../uploads/image.entity.js';
import type { VoterEntity } from '../validation/voter.entity.js';

/**
 * One person's drawing of where a label's objects are on an image: the shapes live in revisions, this row
 * points at the current one. One per annotator per pair, so several annotators' drawings can be compared.
 */
@Entity('annotations')
@Index('UQ_annotations_pair_annotator', ['pairId', 'annotatorId'], { unique: true })
export class AnnotationEntity extends BaseEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('IDX_annotations_image')
  @Column({ type: 'uuid' })
  imageId: string;

  @ManyToOne('ImageEntity', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'imageId' })
  image?: ImageEntity;

  @Column({ type: 'uuid' })
  pairId: string;

  @ManyToOne('ImageLabelEntity', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'pairId' })
  pair?: ImageLabelEntity;

  /** The voter who drew revision 1 (a user or an anonymous visitor). */
  @Index('IDX_annotations_annotator')
  @Column({ type: 'uuid' })
  annotatorId: string;

  @ManyToOne('VoterEntity', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'annotatorId' })
  annotator?: VoterEntity;

  /** Bumped by each revision; the client sends the one it edited (optimistic locking). */
  @Column({ type: 'integer', default: 1 })
  revision: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

import { BaseEntity, Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { Shape } from '../../libs/geometry/index.js';
import type { VoterEntity } from '../validation/voter.entity.js';
import type { AnnotationEntity } from './annotation.entity.js';

export type RevisionVerdict = 'unknown' | 'likely_right' | 'likely_wrong' | 'uncertain';

/** The shapes as of one revision, never changed once written, with the votes on that revision summed up. */
@Entity('annotation_revisions')
@Index('UQ_annotation_revisions_number', ['annotationId', 'revision'], { unique: true })
@Check('CHK_annotation_revisions_verdict', `"verdict" IN ('unknown', 'likely_right', 'likely_wrong', 'uncertain')`)
export class AnnotationRevisionEntity extends BaseEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  annotationId: string;

  @ManyToOne('AnnotationEntity', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'annotationId' })
  annotation?: AnnotationEntity;

  @Column({ type: 'integer' })
  revision: number;

  /** Shapes in image pixels, as validated by libs/geometry. */
  @Column({ type: 'jsonb' })
  shapes: Shape[];

  @Index('IDX_annotation_revisions_author')
  @Column({ type: 'uuid' })
  authorId: string;

  @ManyToOne('VoterEntity', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'authorId' })
  author?: VoterEntity;

  // Counters and score of this revision's votes, kept in the vote's transaction (as for label pairs).
  @Column({ type: 'integer', default: 0 })
  yes: number;

  @Column({ type: 'integer', default: 0 })
  no: number;

  @Column({ type: 'integer', default: 0 })
  informative: number;

  @Column({ type: 'double precision', default: 0 })
  weightSum: number;

  /** P(the drawing is right); null while no counted vote exists. */
  @Column({ type: 'double precision', nullable: true })
  probability: number | null;

  @Column({ type: 'varchar', length: 16, default: 'unknown' })
  verdict: RevisionVerdict;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

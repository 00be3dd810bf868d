import { BaseEntity, Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { VoterEntity } from '../validation/voter.entity.js';
import type { AnnotationRevisionEntity } from './annotation-revision.entity.js';

export const ANNOTATION_ANSWERS = ['yes', 'no'] as const;
export type AnnotationAnswer = (typeof ANNOTATION_ANSWERS)[number];

/** Is this drawing right? One vote per voter per revision (voting again replaces it), with the weight it counted with. */
@Entity('annotation_votes')
@Index('UQ_annotation_votes_revision_voter', ['revisionId', 'voterId'], { unique: true })
@Check('CHK_annotation_votes_answer', `"answer" IN ('yes', 'no')`)
export class AnnotationVoteEntity extends BaseEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  revisionId: string;

  @ManyToOne('AnnotationRevisionEntity', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'revisionId' })
  revision?: AnnotationRevisionEntity;

  @Index('IDX_annotation_votes_voter')
  @Column({ type: 'uuid' })
  voterId: string;

  @ManyToOne('VoterEntity', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'voterId' })
  voter?: VoterEntity;

  @Column({ type: 'varchar', length: 8 })
  answer: AnnotationAnswer;

  @Column({ type: 'double precision', default: 0 })
  weight: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

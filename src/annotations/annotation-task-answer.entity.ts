import { BaseEntity, Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { ImageLabelEntity } from '../labels/image-label.entity.js';
import type { VoterEntity } from '../validation/voter.entity.js';

export const TASK_ANSWERS = ['skip', 'not_annotatable'] as const;
export type TaskAnswer = (typeof TASK_ANSWERS)[number];

/**
 * A voter's answer to an annotation task other than a drawing: "skip" (not for me) hides the pair from them;
 * "not annotatable" (cannot be outlined) also counts towards taking the pair out of everyone's queue.
 */
@Entity('annotation_task_answers')
@Index('UQ_annotation_task_answers_pair_voter', ['pairId', 'voterId'], { unique: true })
@Check('CHK_annotation_task_answers_answer', `"answer" IN ('skip', 'not_annotatable')`)
export class AnnotationTaskAnswerEntity extends BaseEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  pairId: string;

  @ManyToOne('ImageLabelEntity', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'pairId' })
  pair?: ImageLabelEntity;

  @Index('IDX_annotation_task_answers_voter')
  @Column({ type: 'uuid' })
  voterId: string;

  @ManyToOne('VoterEntity', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'voterId' })
  voter?: VoterEntity;

  @Column({ type: 'varchar', length: 16 })
  answer: TaskAnswer;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

import { BaseEntity, Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { ImageLabelEntity } from '../labels/image-label.entity.js';
import type { VoterEntity } from './voter.entity.js';

export const ANSWERS = ['yes', 'no', 'unsure'] as const;
export type VoteAnswer = (typeof ANSWERS)[number];

/** One vote per voter per pair: voting again replaces it. Keeps the weight it was counted with. */
@Entity('votes')
@Index('UQ_votes_pair_voter', ['pairId', 'voterId'], { unique: true })
@Check('CHK_votes_answer', `"answer" IN ('yes', 'no', 'unsure')`)
export class VoteEntity extends BaseEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  pairId: string;

  @ManyToOne('ImageLabelEntity', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'pairId' })
  pair?: ImageLabelEntity;

  @Index('IDX_votes_voter')
  @Column({ type: 'uuid' })
  voterId: string;

  @ManyToOne('VoterEntity', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'voterId' })
  voter?: VoterEntity;

  @Column({ type: 'varchar', length: 8 })
  answer: VoteAnswer;

  @Column({ type: 'double precision', default: 0 })
  weight: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

import { BaseEntity, Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export const VOTER_FLAGS = ['training', 'trusted', 'suspected_spammer', 'adversarial'] as const;
export type VoterFlagName = (typeof VOTER_FLAGS)[number];

/**
 * Someone who votes: a user, or an anonymous visitor known by a signed cookie (only its hash is kept).
 * Holds the reliability the background estimation learned and whether their votes count yet.
 */
@Entity('voters')
@Index('UQ_voters_user', ['userId'], { unique: true, where: '"userId" IS NOT NULL' })
@Index('UQ_voters_anon', ['anonKey'], { unique: true, where: '"anonKey" IS NOT NULL' })
@Check('CHK_voters_flag', `"flag" IN ('training', 'trusted', 'suspected_spammer', 'adversarial')`)
export class VoterEntity extends BaseEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid', nullable: true })
  userId: string | null;

  @Column({ type: 'char', length: 64, nullable: true })
  anonKey: string | null;

  /** Log-likelihood ratio a "yes" / "no" of this voter adds to a pair (0 while their votes do not count). */
  @Column({ type: 'double precision', default: 0 })
  yesWeight: number;

  @Column({ type: 'double precision', default: 0 })
  noWeight: number;

  @Column({ type: 'double precision', nullable: true })
  accuracy: number | null;

  @Column({ type: 'varchar', length: 24, default: 'training' })
  flag: VoterFlagName;

  /** Passed the training phase (enough gold answered, accurately enough): votes count. */
  @Column({ type: 'boolean', default: false })
  counted: boolean;

  @Column({ type: 'integer', default: 0 })
  goldAnswered: number;

  @Column({ type: 'integer', default: 0 })
  goldCorrect: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

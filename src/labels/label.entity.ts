import { BaseEntity, Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export const LABEL_KINDS = ['object', 'meta'] as const;
export type LabelKind = (typeof LABEL_KINDS)[number];

/** A word of the vocabulary: from wordlists/ (synced) or an accepted suggestion. Never deleted once used: retired. */
@Entity('labels')
@Index('UQ_labels_name_lower', { synchronize: false })
@Check('CHK_labels_kind', `"kind" IN ('object', 'meta')`)
@Check('CHK_labels_origin', `"origin" IN ('wordlist', 'suggestion')`)
export class LabelEntity extends BaseEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 64 })
  name: string;

  @Column({ type: 'varchar', length: 8, default: 'object' })
  kind: LabelKind;

  /** Is-a: dog → animal. */
  @Column({ type: 'uuid', nullable: true })
  parentId: string | null;

  @ManyToOne('LabelEntity', { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'parentId' })
  parent?: LabelEntity;

  @Column({ type: 'text', nullable: true })
  description: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  plural: string | null;

  @Column({ type: 'varchar', length: 16, default: 'wordlist' })
  origin: 'wordlist' | 'suggestion';

  /** Removed from wordlists/: hidden from pickers, kept with its votes and pairs. */
  @Column({ type: 'boolean', default: false })
  retired: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

import { BaseEntity, Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A label someone used that the vocabulary does not know yet; moderators accept, merge or reject it. */
@Entity('label_suggestions')
@Index('UQ_label_suggestions_name_lower', { synchronize: false })
@Check('CHK_label_suggestions_state', `"state" IN ('open', 'accepted', 'rejected')`)
export class LabelSuggestionEntity extends BaseEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 64 })
  name: string;

  @Column({ type: 'varchar', length: 16, default: 'open' })
  state: 'open' | 'accepted' | 'rejected';

  @Column({ type: 'uuid', nullable: true })
  proposedById: string | null;

  /** The label it became (accepted) or was merged into. */
  @Column({ type: 'uuid', nullable: true })
  labelId: string | null;

  @Column({ type: 'uuid', nullable: true })
  resolvedById: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  resolvedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

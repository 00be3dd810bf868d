import { BaseEntity, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** Something moderators should look at: a pair's verdict swinging fast, or a voter's reliability collapsing. */
@Entity('validation_alerts')
@Index('IDX_validation_alerts_open', ['resolvedAt', 'createdAt'])
export class ValidationAlertEntity extends BaseEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 24 })
  kind: 'probability_swing' | 'voter_collapse';

  @Column({ type: 'uuid', nullable: true })
  pairId: string | null;

  @Column({ type: 'uuid', nullable: true })
  voterId: string | null;

  @Column({ type: 'text' })
  detail: string;

  @Column({ type: 'timestamptz', nullable: true })
  resolvedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

import { BaseEntity, Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { Role } from '../common/roles.js';
import type { UserEntity } from '../users/user.entity.js';

@Entity('invites')
@Check('CHK_invites_role', `"role" IN ('user', 'moderator', 'admin')`)
export class InviteEntity extends BaseEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('UQ_invites_code_hash', { unique: true })
  @Column({ type: 'char', length: 64 })
  codeHash: string;

  @Column({ type: 'uuid', nullable: true })
  createdById: string | null;

  @ManyToOne('UserEntity', { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'createdById' })
  createdBy?: UserEntity;

  @Column({ type: 'varchar', length: 16, default: 'user' })
  role: Role;

  @Column({ type: 'integer', default: 1 })
  maxUses: number;

  @Column({ type: 'integer', default: 0 })
  uses: number;

  @Column({ type: 'timestamptz', nullable: true })
  expiresAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

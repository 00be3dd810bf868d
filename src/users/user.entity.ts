import { BaseEntity, Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { Role } from '../common/roles.js';

@Entity('users')
@Check('CHK_users_role', `"role" IN ('user', 'moderator', 'admin')`)
// Case-insensitive uniqueness lives in expression indexes the migration creates; TypeORM must not drop them.
@Index('UQ_users_username_lower', { synchronize: false })
@Index('UQ_users_email_lower', { synchronize: false })
export class UserEntity extends BaseEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 32 })
  username: string;

  @Column({ type: 'varchar', length: 254, nullable: true })
  email: string | null;

  @Column({ type: 'varchar', length: 255, select: false })
  passwordHash: string;

  @Column({ type: 'varchar', length: 16, default: 'user' })
  role: Role;

  @Column({ type: 'boolean', default: false })
  disabled: boolean;

  /** Bumped on password change or disable, which invalidates every JWT issued before. */
  @Column({ type: 'integer', default: 0 })
  sessionVersion: number;

  /** Upload quota in bytes; null takes the server default (uploads.quota.bytes). */
  @Column({ type: 'bigint', nullable: true, transformer: { to: (v: number | null) => v, from: (v: string | null) => (v === null ? null : Number(v)) } })
  quotaBytes: number | null;

  @Column({ type: 'integer', nullable: true })
  quotaFiles: number | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

import { BaseEntity, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { Scope } from '../common/roles.js';
import type { UserEntity } from '../users/user.entity.js';

@Entity('api_tokens')
export class ApiTokenEntity extends BaseEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('IDX_api_tokens_user')
  @Column({ type: 'uuid' })
  userId: string;

  @ManyToOne('UserEntity', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'userId' })
  user?: UserEntity;

  @Column({ type: 'varchar', length: 64 })
  name: string;

  /** The first characters of the secret, shown in lists so owners can tell tokens apart. */
  @Column({ type: 'varchar', length: 16 })
  hint: string;

  @Index('UQ_api_tokens_secret_hash', { unique: true })
  @Column({ type: 'char', length: 64, select: false })
  secretHash: string;

  @Column({ type: 'text', array: true })
  scopes: Scope[];

  @Column({ type: 'timestamptz', nullable: true })
  lastUsedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  expiresAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import type { UserEntity } from '../../users/user.entity.js';

/** A staff panel session (express-session's store): in the database, so it survives restarts and is shared by instances. */
@Entity('admin_sessions')
export class AdminSessionEntity {
  @PrimaryColumn({ type: 'varchar', length: 128 })
  sid: string;

  @Index('IDX_admin_sessions_user')
  @Column({ type: 'uuid', nullable: true })
  userId: string | null;

  @ManyToOne('UserEntity', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'userId' })
  user?: UserEntity;

  @Column({ type: 'jsonb' })
  data: Record<string, unknown>;

  @Index('IDX_admin_sessions_expires')
  @Column({ type: 'timestamptz' })
  expiresAt: Date;
}

import { BaseEntity, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export const AUDIT_ACTIONS = ['donated', 'approved', 'rejected', 'quarantined', 'deleted', 'reported', 'hidden', 'labelled'] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** Who did what to a dataset image, and when. No foreign key: the trail outlives the image. */
@Entity('image_audit')
@Index('IDX_image_audit_image', ['imageId', 'createdAt'])
export class ImageAuditEntity extends BaseEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  imageId: string;

  @Column({ type: 'uuid', nullable: true })
  actorId: string | null;

  @Column({ type: 'varchar', length: 16 })
  action: AuditAction;

  @Column({ type: 'varchar', length: 16, nullable: true })
  fromState: string | null;

  @Column({ type: 'varchar', length: 16, nullable: true })
  toState: string | null;

  @Column({ type: 'text', nullable: true })
  detail: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

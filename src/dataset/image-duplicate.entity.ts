import { BaseEntity, Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import type { ImageEntity } from '../uploads/image.entity.js';

/** A donation that looks like an earlier dataset image (perceptual hashes close): for moderators to judge. */
@Entity('image_duplicates')
export class ImageDuplicateEntity extends BaseEntity {
  @PrimaryColumn({ type: 'uuid' })
  imageId: string;

  @PrimaryColumn({ type: 'uuid' })
  similarImageId: string;

  @ManyToOne('ImageEntity', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'imageId' })
  image?: ImageEntity;

  @ManyToOne('ImageEntity', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'similarImageId' })
  similarImage?: ImageEntity;

  /** Hamming distance of the 64-bit dHashes. */
  @Column({ type: 'integer' })
  distance: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

import { BaseEntity, Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { ImageEntity } from '../uploads/image.entity.js';
import type { LabelSuggestionEntity } from './label-suggestion.entity.js';
import type { LabelEntity } from './label.entity.js';

/**
 * One image–label pair: what the crowd validates. The label is a vocabulary label or, until a moderator
 * accepts it, a suggestion. A part pair (an ear of the dog) names its whole in parentLabelId.
 */
@Entity('image_labels')
@Index('UQ_image_labels_label', { synchronize: false })
@Index('UQ_image_labels_suggestion', { synchronize: false })
@Check('CHK_image_labels_one_target', `("labelId" IS NULL) <> ("suggestionId" IS NULL)`)
export class ImageLabelEntity extends BaseEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('IDX_image_labels_image')
  @Column({ type: 'uuid' })
  imageId: string;

  @ManyToOne('ImageEntity', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'imageId' })
  image?: ImageEntity;

  @Index('IDX_image_labels_label_id')
  @Column({ type: 'uuid', nullable: true })
  labelId: string | null;

  @ManyToOne('LabelEntity', { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'labelId' })
  label?: LabelEntity;

  @Index('IDX_image_labels_suggestion_id')
  @Column({ type: 'uuid', nullable: true })
  suggestionId: string | null;

  @ManyToOne('LabelSuggestionEntity', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'suggestionId' })
  suggestion?: LabelSuggestionEntity;

  @Column({ type: 'uuid', nullable: true })
  parentLabelId: string | null;

  @ManyToOne('LabelEntity', { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'parentLabelId' })
  parentLabel?: LabelEntity;

  @Column({ type: 'uuid', nullable: true })
  addedById: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

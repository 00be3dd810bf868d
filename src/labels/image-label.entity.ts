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
// The validation queue's order (expression indexes, see migration TaskOrder): not expressible here.
@Index('IDX_image_labels_task_order', { synchronize: false })
@Index('IDX_image_labels_gold_task_order', { synchronize: false })
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

  // Counters and score, updated with each vote in the vote's transaction (see validation/).
  @Column({ type: 'integer', default: 0 })
  yes: number;

  @Column({ type: 'integer', default: 0 })
  no: number;

  @Column({ type: 'integer', default: 0 })
  unsure: number;

  /** Yes/no votes that carried weight (voters past training). */
  @Column({ type: 'integer', default: 0 })
  informative: number;

  /** Sum of the counted votes' weights: the pair's log-odds minus the prior's. */
  @Column({ type: 'double precision', default: 0 })
  weightSum: number;

  /** P(label is right); null while no counted vote exists ("unknown", never 0 or 1). */
  @Index('IDX_image_labels_probability')
  @Column({ type: 'double precision', nullable: true })
  probability: number | null;

  @Column({ type: 'varchar', length: 16, default: 'unknown' })
  verdict: 'unknown' | 'likely_right' | 'likely_wrong' | 'uncertain';

  /** A gold-standard pair: true (label right) or false (wrong) as set by a moderator; null otherwise. */
  @Column({ type: 'boolean', nullable: true })
  gold: boolean | null;

  /** Start of the current alert window: the probability then, and when. */
  @Column({ type: 'double precision', nullable: true })
  baselineProbability: number | null;

  @Column({ type: 'timestamptz', nullable: true })
  baselineAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

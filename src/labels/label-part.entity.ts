import { BaseEntity, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import type { LabelEntity } from './label.entity.js';

/** Has-a: a dog has ears. The part is a label too; on an image it is a pair with the whole as its parent. */
@Entity('label_parts')
export class LabelPartEntity extends BaseEntity {
  @PrimaryColumn({ type: 'uuid' })
  labelId: string;

  @PrimaryColumn({ type: 'uuid' })
  partId: string;

  @ManyToOne('LabelEntity', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'labelId' })
  label?: LabelEntity;

  @ManyToOne('LabelEntity', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'partId' })
  part?: LabelEntity;
}

import { BaseEntity, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { LabelEntity } from './label.entity.js';

/** Every text a label can be found by, per language: its name, plural, synonyms and translations. */
@Entity('label_terms')
@Index('IDX_label_terms_prefix', { synchronize: false })
export class LabelTermEntity extends BaseEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('IDX_label_terms_label')
  @Column({ type: 'uuid' })
  labelId: string;

  @ManyToOne('LabelEntity', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'labelId' })
  label?: LabelEntity;

  @Column({ type: 'varchar', length: 8 })
  language: string;

  @Column({ type: 'varchar', length: 64 })
  term: string;

  @Column({ type: 'varchar', length: 8 })
  role: 'name' | 'plural' | 'synonym';
}

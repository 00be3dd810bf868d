import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** Small facts the server keeps about itself between starts (e.g. the hash of the last synced vocabulary). */
@Entity('settings')
export class SettingEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  key: string;

  @Column({ type: 'text' })
  value: string;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** HMAC-SHA256(KEK, "kcv") per KEK id: a process with the wrong key notices at boot. */
@Entity('key_checks')
export class KeyCheckEntity {
  @PrimaryColumn('text', { name: 'kek_id' })
  kekId!: string;

  @Column('bytea', { name: 'check_value' })
  checkValue!: Buffer;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { UserEntity } from './user.entity';

/**
 * An OAuth app's client credentials for one provider, set by an instance admin. The secret is
 * sealed with the instance data key; environment variables are the fallback.
 */
@Entity('provider_apps')
export class ProviderAppEntity {
  @PrimaryColumn('text', { name: 'provider_id' })
  providerId!: string;

  @Column('text', { name: 'client_id' })
  clientId!: string;

  @Column('bytea', { name: 'client_secret', select: false })
  clientSecret!: Buffer;

  @Column('uuid', { name: 'updated_by', nullable: true })
  updatedBy!: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'updated_by' })
  updatedByUser?: UserEntity;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { UserEntity } from './user.entity';

/**
 * A private network (CIDR) an instance admin allowed the safe connectors to reach, on top of
 * `CONNECTOR_ALLOWED_NETWORKS` (docs/security.md E4). Every change is audited.
 */
@Entity('connector_networks')
export class ConnectorNetworkEntity {
  /** Normalised to its network address, e.g. `10.20.0.0/16`. */
  @PrimaryColumn('text', { primaryKeyConstraintName: 'connector_networks_pkey' })
  cidr!: string;

  @Column('text', { default: '' })
  description!: string;

  @Column('uuid', { name: 'created_by', nullable: true })
  createdBy!: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'created_by', foreignKeyConstraintName: 'connector_networks_created_by_fkey' })
  createdByUser?: UserEntity;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** What a key may do on its instance. The regulator's instance has no write route, whatever the role. */
export type ApiRole = 'submitter' | 'viewer';
export const API_ROLES: readonly ApiRole[] = ['submitter', 'viewer'];

/**
 * An API key of this instance. Only its SHA-256 is stored; the key itself is shown once, when created.
 * The key carries its instance's org in its prefix, so a key of one bank's instance is refused by another's
 * even before the look-up.
 */
@Entity('api_keys')
export class ApiKeyEntity {
  @PrimaryColumn({ type: 'varchar', length: 32 })
  id!: string;

  @Column({ name: 'key_hash', type: 'varchar', length: 64, unique: true })
  keyHash!: string;

  @Column({ type: 'varchar', length: 16 })
  role!: ApiRole;

  @Column({ type: 'varchar', length: 100 })
  label!: string;

  @CreateDateColumn({ name: 'created_at' })
  createdAt!: Date;

  @Column({ name: 'revoked_at', type: 'varchar', length: 32, nullable: true })
  revokedAt!: string | null;
}

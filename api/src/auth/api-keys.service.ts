import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, IsNull, Repository } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { selectRows } from '../sql/select-rows';
import { ApiKeyEntity, ApiRole } from './api-key.entity';

export interface IssuedKey {
  id: string;
  role: ApiRole;
  label: string;
  /** The secret itself: shown once, never stored. */
  key: string;
}

export interface Caller {
  keyId: string;
  role: ApiRole;
}

const hashKey = (key: string): string => createHash('sha256').update(key, 'utf8').digest('hex');

/** Issues and checks API keys of this instance. A key reads `brk_<org>_<id>_<secret>`. */
@Injectable()
export class ApiKeysService {
  private readonly keys: Repository<ApiKeyEntity>;

  constructor(dataSource: DataSource, @Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.keys = dataSource.getRepository(ApiKeyEntity);
  }

  async issue(role: ApiRole, label: string): Promise<IssuedKey> {
    const id = randomBytes(8).toString('hex');
    const key = `brk_${this.config.org.toLowerCase()}_${id}_${randomBytes(24).toString('base64url')}`;
    await this.keys.insert({ id, keyHash: hashKey(key), role, label, revokedAt: null });
    return { id, role, label, key };
  }

  /** The caller a key identifies on this instance, or undefined for an unknown, revoked or foreign key. */
  async authenticate(key: string): Promise<Caller | undefined> {
    const match = /^brk_([a-z]+)_([0-9a-f]{16})_[A-Za-z0-9_-]{32}$/.exec(key);
    if (match === null || match[1] !== this.config.org.toLowerCase()) return undefined;
    // Every request comes here: a plain statement, not the repository (see selectRows).
    const [stored] = await selectRows<Pick<ApiKeyEntity, 'id' | 'keyHash' | 'role' | 'revokedAt'>>(this.keys.manager,
      'SELECT "id", "key_hash" AS "keyHash", "role", "revoked_at" AS "revokedAt" FROM "api_keys" WHERE "id" = :id', { id: match[2] });
    if (stored === undefined || stored.revokedAt !== null) return undefined;
    const expected = Buffer.from(stored.keyHash, 'hex');
    const presented = Buffer.from(hashKey(key), 'hex');
    return timingSafeEqual(expected, presented) ? { keyId: stored.id, role: stored.role } : undefined;
  }

  async revoke(id: string): Promise<boolean> {
    const result = await this.keys.update({ id, revokedAt: IsNull() }, { revokedAt: new Date().toISOString() });
    return (result.affected ?? 0) > 0;
  }
}

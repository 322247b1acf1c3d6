import { ApiKeyEntity } from '../auth/api-key.entity';

/** Every TypeORM entity of the API, each declared in its capability's folder. */
export const ENTITIES = [ApiKeyEntity];

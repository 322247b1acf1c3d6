import { ApiKeys1763900000000 } from './1763900000000-api-keys';

/** Every migration, oldest first. */
export const MIGRATIONS = [ApiKeys1763900000000];

import { ApiKeys1763900000000 } from './1763900000000-api-keys';
import { Outbox1763900000001 } from './1763900000001-outbox';
import { IngestRecords1763900000100 } from './1763900000100-ingest-records';
import { Projection1763900000200 } from './1763900000200-projection';
import { ChannelPerPair1764600000000 } from './1764600000000-channel-per-pair';
import { MatchDecisions1764700000000 } from './1764700000000-match-decisions';
import { Intake1764800000000 } from './1764800000000-intake';

/** Every migration, oldest first. */
export const MIGRATIONS = [ApiKeys1763900000000, Outbox1763900000001, IngestRecords1763900000100, Projection1763900000200,
  ChannelPerPair1764600000000, MatchDecisions1764700000000, Intake1764800000000];

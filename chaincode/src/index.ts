import { HeartbeatContract } from './heartbeat/heartbeat.contract';

/** The contracts `fabric-chaincode-node server` serves; the first is the default for unqualified names. */
export const contracts = [HeartbeatContract];

import { HEARTBEAT_TRANSACTIONS, Heartbeat } from '@bayrecon/common';
import { Committed, Endorsers, Submitted, TypedContract } from './typed-contract';

const TRANSACTIONS = HEARTBEAT_TRANSACTIONS;

/** Liveness of the write path (HEARTBEAT_TRANSACTIONS), over the gateway Contract of the main chaincode. */
export class Heartbeats<C extends Committed = Committed> extends TypedContract<C> {
  /** Records the caller's org's heartbeat: proves endorsement, ordering and commit work. */
  beat(endorsers: Endorsers = {}): Promise<Submitted<Heartbeat, C>> {
    return this.submit(TRANSACTIONS.beat, [], undefined, endorsers);
  }

  read(org: string): Promise<Heartbeat> {
    return this.evaluate(TRANSACTIONS.read, [org]);
  }
}

import { DIRECTORY_TRANSACTIONS, DirectoryChange, DirectoryProposal, DirectoryState, DirectoryVersion } from '@bayrecon/common';
import { Committed, Submitted, TypedContract } from './typed-contract';

const TRANSACTIONS = DIRECTORY_TRANSACTIONS;

/** The member directory and its governance (DIRECTORY_TRANSACTIONS), over the consortium channel's chaincode. */
export class MemberDirectory<C extends Committed = Committed> extends TypedContract<C> {
  /** Writes the genesis directory; an administrator of one of its members, once. */
  initialise(genesis: DirectoryState): Promise<Submitted<DirectoryState, C>> {
    return this.submit(TRANSACTIONS.initialise, [JSON.stringify(genesis)], undefined, {});
  }

  read(): Promise<DirectoryState> {
    return this.evaluate(TRANSACTIONS.read, []);
  }

  /** Proposes a change; the proposer's approval counts. */
  propose(change: DirectoryChange): Promise<Submitted<DirectoryProposal, C>> {
    return this.submit(TRANSACTIONS.propose, [JSON.stringify(change)], undefined, {});
  }

  /** Approves an open proposal for the caller's org. */
  approve(proposalId: string): Promise<Submitted<DirectoryProposal, C>> {
    return this.submit(TRANSACTIONS.approve, [proposalId], undefined, {});
  }

  proposals(): Promise<DirectoryProposal[]> {
    return this.evaluate(TRANSACTIONS.proposals, []);
  }

  history(): Promise<DirectoryVersion[]> {
    return this.evaluate(TRANSACTIONS.history, []);
  }
}

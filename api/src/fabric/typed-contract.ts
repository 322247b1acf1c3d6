import { CommitError, Contract, Proposal } from '@hyperledger/fabric-gateway';
import {
  ArgumentsOf, ResultOf, TransactionDeclaration, TransientOf, decodeResult, transactionName,
} from '@bayrecon/common';

/** What a submitter learns of a committed transaction, however it learnt it. */
export interface Committed {
  transactionId: string;
  blockNumber: bigint;
  /** The transaction's result, as the endorsers returned it. */
  result: Uint8Array;
}

/**
 * How a proposal is endorsed, ordered and known to be committed; throws the gateway's error (a CommitError when
 * it committed invalid). The API learns commits from its block stream, tests and tools ask the peer
 * ({@link commitByStatus}), the benchmarks time each phase: the typed contracts take whichever they are given.
 */
export type Committer<C extends Committed> = (proposal: Proposal) => Promise<C>;

/** A submitted transaction's commit and its parsed result. */
export interface Submitted<Result, C extends Committed = Committed> {
  commit: C;
  result: Result;
}

/** Which orgs' peers endorse (or, for a query, answer): the contract's own choice unless a caller names them. */
export interface Endorsers {
  endorsingOrganizations?: string[];
}

/** Endorses, submits and asks the peer for the commit status (one signed call per transaction). */
export const commitByStatus: Committer<Committed> = async (proposal) => {
  const submitted = await (await proposal.endorse()).submit();
  const status = await submitted.getStatus();
  if (!status.successful) {
    throw new CommitError({ message: `transaction ${status.transactionId} invalid: code ${status.code}`, code: status.code, transactionId: status.transactionId });
  }
  return { transactionId: status.transactionId, blockNumber: status.blockNumber, result: submitted.getResult() };
};

/**
 * The common part of the typed contracts: a transaction is called by its declaration, which gives its name,
 * the shape of its arguments and transient map, and the type its result is parsed into.
 */
export abstract class TypedContract<C extends Committed> {
  constructor(readonly contract: Contract, private readonly commit: Committer<C>) {}

  protected async submit<T extends TransactionDeclaration>(
    transaction: T, args: ArgumentsOf<T>, transient: TransientOf<T> | undefined, endorsers: Endorsers,
  ): Promise<Submitted<ResultOf<T>, C>> {
    const proposal = this.contract.newProposal(transactionName(transaction), {
      arguments: args as string[],
      ...(transient === undefined ? {} : { transientData: transient as Record<string, string | Uint8Array> }),
      ...(endorsers.endorsingOrganizations === undefined ? {} : { endorsingOrganizations: endorsers.endorsingOrganizations }),
    });
    const commit = await this.commit(proposal);
    return { commit, result: decodeResult(transaction, commit.result) };
  }

  protected async evaluate<T extends TransactionDeclaration>(transaction: T, args: ArgumentsOf<T>, endorsers: Endorsers = {}): Promise<ResultOf<T>> {
    const bytes = await this.contract.evaluate(transactionName(transaction), { arguments: args as string[], ...endorsers });
    return decodeResult(transaction, bytes);
  }
}

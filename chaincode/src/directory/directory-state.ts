import { Context } from 'fabric-contract-api';
import { CHAINCODE_NAME, CONSORTIUM_CHANNEL, DIRECTORY_TRANSACTIONS, Directory, DirectoryState, RefusalError, transactionName, unmarshal } from '@bayrecon/common';

/** The one key of the directory on the consortium channel. */
export const DIRECTORY_KEY = 'directory';

/** The key of a directory proposal. */
export function proposalKey(ctx: Context, proposalId: string): string {
  return ctx.stub.createCompositeKey('directoryProposal', [proposalId]);
}

/**
 * The member directory as the consortium channel records it. On the consortium channel it is read from state; on
 * a pair's channel it is asked of the consortium channel on this same peer (a chaincode-to-chaincode query under
 * the submitter's identity, every member being a member of the consortium channel). Both endorsing peers read their
 * own committed copy: should a directory change commit between their two executions, their answers differ and the
 * client endorses again. The answer is kept for the transaction.
 */
export async function loadDirectory(ctx: Context): Promise<Directory> {
  const cached = (ctx as { directory?: Directory }).directory;
  if (cached !== undefined) return cached;
  let state: DirectoryState;
  if (ctx.stub.getChannelID() === CONSORTIUM_CHANNEL) {
    const bytes = await ctx.stub.getState(DIRECTORY_KEY);
    if (bytes.length === 0) throw new RefusalError('NOT_FOUND', 'directory: not initialised yet on this channel');
    state = unmarshal<DirectoryState>(bytes);
  } else {
    const response = await ctx.stub.invokeChaincode(CHAINCODE_NAME, [transactionName(DIRECTORY_TRANSACTIONS.read)], CONSORTIUM_CHANNEL);
    if (response.status !== 200) throw new Error(`directory: the consortium channel did not answer (${response.message ?? response.status})`);
    state = JSON.parse(Buffer.from(response.payload ?? []).toString('utf8')) as DirectoryState;
  }
  const directory = new Directory(state);
  (ctx as { directory?: Directory }).directory = directory;
  return directory;
}

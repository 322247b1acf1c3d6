import { Context, Info, Returns, Transaction } from 'fabric-contract-api';
import {
  ContractImplementation, DIRECTORY_CHANGED_EVENT, DIRECTORY_PROPOSAL_EVENT, DIRECTORY_TRANSACTIONS, Directory, DirectoryChangedEvent,
  DirectoryProposal, DirectoryProposalEvent, DirectoryState, DirectoryVersion, RefusalError, applyDirectoryChange, contractName,
  encodeResult, isApproved, marshal, unmarshal, validateDirectoryChange,
} from '@bayrecon/common';
import { emitEvent } from '../shared/events';
import { callerOrg } from '../shared/guards';
import { assertConsortiumChannel } from '../shared/namespace';
import { RefusingContract } from '../shared/refusing-contract';
import { txTime } from '../shared/state';
import { DIRECTORY_KEY, loadDirectory, proposalKey } from './directory-state';

/** The NodeOU of an organisation's administrators in their X.509 subject, as Fabric CA issues it. */
const ADMIN_OU = '/OU=admin/';
const TRANSACTIONS = DIRECTORY_TRANSACTIONS;

/**
 * The member directory, on the consortium channel: who the members are (banks with their jurisdiction and BIC8s,
 * regulators with their regime), the jurisdictions, and the rule by which they change. It is written once from the
 * genesis directory when the network is created, then only by changes that a member proposes and the active
 * members approve by the rule (default: a majority of the banks and a majority of the regulators). Each approval is
 * its own transaction signed by that member's client, so no org can approve for another. Every applied change is a
 * `DirectoryChanged` event; proposals and approvals are `DirectoryProposalChanged` events; the directory key's
 * history is the record of every version.
 */
@Info({ title: 'Directory', description: 'The member directory and its governance' })
export class DirectoryContract extends RefusingContract implements ContractImplementation<typeof TRANSACTIONS, Context> {
  constructor() {
    super(contractName(TRANSACTIONS));
  }

  protected admit(ctx: Context): void {
    assertConsortiumChannel(ctx);
  }

  /**
   * Writes the genesis directory (a JSON DirectoryState of version 1) while the channel has none; an admin of one
   * of its members only. The network's creator calls it once, right after the chaincode is defined.
   */
  @Transaction()
  @Returns('string')
  async initialise(ctx: Context, genesis: string): Promise<string> {
    const org = callerOrg(ctx);
    const existing = await ctx.stub.getState(DIRECTORY_KEY);
    if (existing.length > 0) {
      throw new RefusalError('CONFLICT', 'directory: the directory is already initialised; change it by proposal');
    }
    if (!ctx.clientIdentity.getID().includes(ADMIN_OU)) {
      throw new RefusalError('FORBIDDEN', `directory: only an administrator of a member initialises the directory, not this ${org} identity`);
    }
    const state = parseJson(genesis, 'genesis') as DirectoryState;
    if (state?.version !== 1 || !Array.isArray(state.members) || !Array.isArray(state.jurisdictions)) {
      throw RefusalError.ofField('INVALID', 'genesis', 'expected a directory of version 1 with members and jurisdictions');
    }
    const directory = new Directory(state);
    if (!directory.isKnownOrg(org)) {
      throw RefusalError.ofField('FORBIDDEN', 'genesis', `the initialising org ${org} is not one of its members`);
    }
    const stamp = { txId: ctx.stub.getTxID(), at: txTime(ctx).iso };
    const stamped: DirectoryState = { ...state, members: state.members.map((member) => ({ ...member, since: stamp })) };
    await ctx.stub.putState(DIRECTORY_KEY, marshal(stamped));
    const event: DirectoryChangedEvent = { version: 1, proposalId: stamp.txId, change: { kind: 'SET_RULE', rule: state.rule } };
    emitEvent(ctx, DIRECTORY_CHANGED_EVENT, event);
    return encodeResult(TRANSACTIONS.initialise, stamped);
  }

  /** The directory as it is; any member. */
  @Transaction(false)
  @Returns('string')
  async read(ctx: Context): Promise<string> {
    const directory = await loadDirectory(ctx);
    return encodeResult(TRANSACTIONS.read, directory.state);
  }

  /**
   * Proposes a change (JSON DirectoryChange: ADMIT_BANK, REMOVE_MEMBER, ADD_JURISDICTION, SET_RULE); an active
   * member. The proposer's approval is counted; a change the proposer alone can approve takes effect at once.
   */
  @Transaction()
  @Returns('string')
  async propose(ctx: Context, change: string): Promise<string> {
    const directory = await loadDirectory(ctx);
    const org = assertActiveMember(ctx, directory, 'propose a directory change');
    const checked = validateDirectoryChange(parseJson(change, 'change'), directory);
    if (!checked.ok) {
      throw new RefusalError('INVALID', 'directory change refused', checked.issues);
    }
    const now = txTime(ctx);
    const txId = ctx.stub.getTxID();
    const proposal: DirectoryProposal = {
      id: txId, proposedBy: org, at: now.iso, change: checked.value, approvals: [{ org, txId, at: now.iso }], status: 'OPEN',
    };
    return encodeResult(TRANSACTIONS.propose, await settle(ctx, directory, proposal));
  }

  /** Approves an open proposal for the caller's org; an active member. Approving twice changes nothing. */
  @Transaction()
  @Returns('string')
  async approve(ctx: Context, proposalId: string): Promise<string> {
    const directory = await loadDirectory(ctx);
    const org = assertActiveMember(ctx, directory, 'approve a directory change');
    const bytes = await ctx.stub.getState(proposalKey(ctx, proposalId));
    if (bytes.length === 0) throw RefusalError.ofField('NOT_FOUND', 'proposalId', `no directory proposal '${proposalId}'`);
    const proposal = unmarshal<DirectoryProposal>(bytes);
    if (proposal.status !== 'OPEN') throw RefusalError.ofField('CONFLICT', 'proposalId', `proposal '${proposalId}' is ${proposal.status}`);
    if (proposal.approvals.some((approval) => approval.org === org)) return encodeResult(TRANSACTIONS.approve, proposal);
    // The change must still fit the directory as it is now (another change may have taken its name or BIC).
    const checked = validateDirectoryChange(proposal.change, directory);
    if (!checked.ok) {
      throw new RefusalError('CONFLICT', 'directory change no longer applies', checked.issues);
    }
    const approved = { ...proposal, approvals: [...proposal.approvals, { org, txId: ctx.stub.getTxID(), at: txTime(ctx).iso }] };
    return encodeResult(TRANSACTIONS.approve, await settle(ctx, directory, approved));
  }

  /** Every proposal, open and applied, oldest first; any member. */
  @Transaction(false)
  @Returns('string')
  async proposals(ctx: Context): Promise<string> {
    await loadDirectory(ctx);
    const iterator = await ctx.stub.getStateByPartialCompositeKey('directoryProposal', []);
    const found: DirectoryProposal[] = [];
    try {
      for (let next = await iterator.next(); !next.done; next = await iterator.next()) found.push(unmarshal(next.value.value));
    } finally {
      await iterator.close();
    }
    return encodeResult(TRANSACTIONS.proposals, found.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0)));
  }

  /** Every version of the directory, newest first, with the transaction that wrote it; any member. */
  @Transaction(false)
  @Returns('string')
  async history(ctx: Context): Promise<string> {
    await loadDirectory(ctx);
    const iterator = await ctx.stub.getHistoryForKey(DIRECTORY_KEY);
    const versions: DirectoryVersion[] = [];
    try {
      for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
        if (!next.value.isDelete) versions.push({ txId: next.value.txId, state: unmarshal(next.value.value) });
      }
    } finally {
      await iterator.close();
    }
    return encodeResult(TRANSACTIONS.history, versions);
  }
}

function assertActiveMember(ctx: Context, directory: Directory, action: string): string {
  const org = callerOrg(ctx);
  if (!directory.isKnownOrg(org)) throw new RefusalError('FORBIDDEN', `'${org}' cannot ${action}: it is not an active member`);
  return org;
}

/** Stores the proposal; applies it when its approvals meet the rule; emits the one event of the transaction. */
async function settle(ctx: Context, directory: Directory, proposal: DirectoryProposal): Promise<DirectoryProposal> {
  if (!isApproved(directory, proposal.approvals)) {
    await ctx.stub.putState(proposalKey(ctx, proposal.id), marshal(proposal));
    const event: DirectoryProposalEvent = { proposal };
    emitEvent(ctx, DIRECTORY_PROPOSAL_EVENT, event);
    return proposal;
  }
  const next = applyDirectoryChange(directory.state, proposal.change, { txId: ctx.stub.getTxID(), at: txTime(ctx).iso });
  const applied: DirectoryProposal = { ...proposal, status: 'APPLIED', appliedVersion: next.version };
  await ctx.stub.putState(proposalKey(ctx, proposal.id), marshal(applied));
  await ctx.stub.putState(DIRECTORY_KEY, marshal(next));
  const event: DirectoryChangedEvent = { version: next.version, proposalId: proposal.id, change: proposal.change };
  emitEvent(ctx, DIRECTORY_CHANGED_EVENT, event);
  return applied;
}

function parseJson(text: string, path: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw RefusalError.ofField('INVALID', path, `not JSON (${(error as Error).message})`);
  }
}

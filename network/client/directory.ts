import { existsSync, readFileSync } from 'node:fs';
import { Directory, DirectoryApproval, DirectoryChange, DirectoryProposal, approvalsNeeded, isApproved, readRefusal } from '@bayrecon/common';
import { submitRetryingConflicts } from '../../api/src/fabric/submit-retrying';
import { NetworkMap, directoryStateOf, readNetworkMap } from './network-map';
import { connectAs } from './org-gateway';

// The member directory as an organisation's administrator works it, with the admin identity of that organisation:
//   directory.ts initialise ORG          writes the genesis directory from the network's consortium file
//   directory.ts propose ORG CHANGE_JSON  prints the proposal (its id, its approvals, OPEN or APPLIED)
//   directory.ts approve ORG PROPOSAL_ID  prints the proposal after this approval
//   directory.ts read ORG                 prints the directory
//   directory.ts carry ORG CHANGE_JSON APPROVERS HOLD_FILE
//                                         proposes the change as ORG, then has it approved by as few of APPROVERS
//                                         (space-separated, in order of preference) as the directory's rule needs,
//                                         each with its own admin identity; the approval that would put it into
//                                         effect waits until HOLD_FILE says "go" (and is not given if it says
//                                         "abandon"); prints the proposal after the last approval

function refusalKind(error: unknown): string | undefined {
  const details = (error as { details?: { message: string }[] }).details ?? [];
  return details.map((detail) => readRefusal(detail.message)?.kind).find((kind) => kind !== undefined);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const HOLD_TIMEOUT_MS = 30 * 60_000;

/** Waits until the hold file says go (true) or abandon (false). */
async function released(holdFile: string): Promise<boolean> {
  for (const deadline = Date.now() + HOLD_TIMEOUT_MS; Date.now() < deadline; await sleep(200)) {
    if (!existsSync(holdFile)) continue;
    const word = readFileSync(holdFile, 'utf8').trim();
    if (word === 'go' || word === 'abandon') return word === 'go';
  }
  throw new Error(`${holdFile} said neither go nor abandon within ${HOLD_TIMEOUT_MS / 60_000} minutes`);
}

/**
 * A change carried through governance in one process (one start-up instead of one per member): proposed, then
 * approved only by members whose approval the rule still needs (a bank's when the banks' majority is not reached,
 * a regulator's likewise), each with its own identity. The members approve while the new member's nodes and
 * channels are made; the approval that puts the change into effect waits for the hold file, since the APIs follow
 * a new member's channels as soon as the directory names it. Each transaction is sent again while it can succeed so
 * (endorsers a block apart, a read conflict), as the API's synchronous routes do: the members' peers endorse it.
 */
async function carry(network: NetworkMap, proposer: string, change: DirectoryChange, approvers: string[], holdFile: string): Promise<DirectoryProposal> {
  const as = (org: string) => connectAs(org, { identity: 'admin', network });
  const first = as(proposer);
  let proposal: DirectoryProposal;
  let directory: Directory;
  try {
    directory = new Directory(await first.memberDirectory().read());
    // A rule the proposer's approval alone meets puts the change into effect when proposed.
    if (isApproved(directory, [{ org: `${proposer}MSP`, txId: '', at: '' }]) && !(await released(holdFile))) {
      throw new Error('abandoned before the proposal');
    }
    proposal = (await submitRetryingConflicts(() => first.memberDirectory().propose(change))).result;
  } finally {
    first.close();
  }
  const needed = approvalsNeeded(directory);
  const count = (approvals: readonly DirectoryApproval[], bank: boolean) =>
    approvals.filter((approval) => (bank ? directory.isMemberBank(approval.org) : directory.isRegulator(approval.org))).length;
  for (const approver of approvers) {
    if (proposal.status === 'APPLIED') break;
    const org = `${approver}MSP`;
    const bank = directory.isMemberBank(org);
    // An approval that adds nothing the rule still needs is not asked for.
    if (proposal.approvals.some((approval) => approval.org === org)) continue;
    if (count(proposal.approvals, bank) >= (bank ? needed.banks : needed.regulators)) continue;
    const approvals = [...proposal.approvals, { org, txId: '', at: '' }];
    if (isApproved(directory, approvals) && !(await released(holdFile))) return proposal;
    const connection = as(approver);
    try {
      const id = proposal.id;
      proposal = (await submitRetryingConflicts(() => connection.memberDirectory().approve(id))).result;
    } finally {
      connection.close();
    }
  }
  return proposal;
}

async function main(): Promise<void> {
  const [command, org, argument] = process.argv.slice(2);
  if (command === 'carry') {
    const [approvers, holdFile] = process.argv.slice(5);
    if (!argument || !approvers || !holdFile) throw new Error('usage: directory.ts carry ORG CHANGE_JSON APPROVERS HOLD_FILE');
    const proposal = await carry(readNetworkMap(), org, JSON.parse(argument) as DirectoryChange, approvers.split(' ').filter(Boolean), holdFile);
    console.log(JSON.stringify(proposal));
    return;
  }
  if (!command || !org) throw new Error('usage: directory.ts initialise|propose|approve|read ORG [ARGUMENT]');
  const network = readNetworkMap();
  const connection = connectAs(org, { identity: 'admin', network });
  const directory = connection.memberDirectory();
  try {
    switch (command) {
      case 'initialise':
        try {
          console.log(JSON.stringify((await directory.initialise(directoryStateOf(network.consortiumFile))).result));
        } catch (error) {
          // A retry after a commit that was only slow to be confirmed finds the directory written: that is done.
          if (refusalKind(error) !== 'CONFLICT') throw error;
          console.log(JSON.stringify(await directory.read()));
        }
        break;
      case 'propose':
        console.log(JSON.stringify((await directory.propose(JSON.parse(argument) as DirectoryChange)).result));
        break;
      case 'approve':
        console.log(JSON.stringify((await directory.approve(argument)).result));
        break;
      case 'read':
        console.log(JSON.stringify(await directory.read()));
        break;
      default:
        throw new Error(`unknown command ${command}`);
    }
  } finally {
    connection.close();
  }
}

main().catch((error: unknown) => {
  const details = (error as { details?: { message: string }[] }).details?.map((detail) => detail.message).join('; ');
  console.error(`${error instanceof Error ? error.message : String(error)}${details ? ` (${details})` : ''}`);
  process.exit(1);
});

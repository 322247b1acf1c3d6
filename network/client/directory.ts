import { DirectoryChange, readRefusal } from '@bayrecon/common';
import { connectAs } from './org-gateway';
import { directoryStateOf, readNetworkMap } from './network-map';

// The member directory as an organisation's administrator works it, with the admin identity of that organisation:
//   directory.ts initialise ORG          writes the genesis directory from the network's consortium file
//   directory.ts propose ORG CHANGE_JSON  prints the proposal (its id, its approvals, OPEN or APPLIED)
//   directory.ts approve ORG PROPOSAL_ID  prints the proposal after this approval
//   directory.ts read ORG                 prints the directory

function refusalKind(error: unknown): string | undefined {
  const details = (error as { details?: { message: string }[] }).details ?? [];
  return details.map((detail) => readRefusal(detail.message)?.kind).find((kind) => kind !== undefined);
}

async function main(): Promise<void> {
  const [command, org, argument] = process.argv.slice(2);
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

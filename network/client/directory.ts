import { readFileSync } from 'node:fs';
import { DirectoryProposal, DirectoryState, Jurisdiction } from '@bayrecon/common';
import { connectAs } from './org-gateway';
import { readNetworkMap } from './network-map';

// The member directory as an organisation's administrator works it, with the admin identity of that organisation:
//   directory.ts initialise ORG          writes the genesis directory from the network's consortium file
//   directory.ts propose ORG CHANGE_JSON  prints the proposal (its id, its approvals, OPEN or APPLIED)
//   directory.ts approve ORG PROPOSAL_ID  prints the proposal after this approval
//   directory.ts read ORG                 prints the directory

interface ConsortiumFile {
  jurisdictions: Jurisdiction[];
  orgs: { name: string; kind: string; displayName: string; jurisdiction?: string; bic8s?: string[]; regime?: string; status?: string }[];
}

/** The genesis directory: the consortium file's banks and regulators (the Raft ordering organisation is no member). */
function genesisOf(file: string): DirectoryState {
  const consortium = JSON.parse(readFileSync(file, 'utf8')) as ConsortiumFile;
  return {
    version: 1,
    jurisdictions: consortium.jurisdictions,
    members: consortium.orgs.filter((org) => org.kind === 'bank' || org.kind === 'regulator').map(({ status: _status, ...org }) => ({
      ...org, kind: org.kind as 'bank' | 'regulator', status: 'active' as const,
    })),
    rule: { banks: 'MAJORITY', regulators: 'MAJORITY' },
  };
}

async function main(): Promise<void> {
  const [command, org, argument] = process.argv.slice(2);
  if (!command || !org) throw new Error('usage: directory.ts initialise|propose|approve|read ORG [ARGUMENT]');
  const network = readNetworkMap();
  const connection = connectAs(org, { identity: 'admin', network });
  const decode = (bytes: Uint8Array) => JSON.parse(Buffer.from(bytes).toString('utf8')) as DirectoryState | DirectoryProposal;
  try {
    switch (command) {
      case 'initialise':
        try {
          console.log(JSON.stringify(decode(await connection.contract.submitTransaction('directory:initialise', JSON.stringify(genesisOf(network.consortiumFile))))));
        } catch (error) {
          // A retry after a commit that was only slow to be confirmed finds the directory written: that is done.
          const details = (error as { details?: { message: string }[] }).details ?? [];
          if (!details.some((detail) => detail.message.includes('already initialised'))) throw error;
          console.log(JSON.stringify(decode(await connection.contract.evaluateTransaction('directory:read'))));
        }
        break;
      case 'propose':
        console.log(JSON.stringify(decode(await connection.contract.submitTransaction('directory:propose', argument))));
        break;
      case 'approve':
        console.log(JSON.stringify(decode(await connection.contract.submitTransaction('directory:approve', argument))));
        break;
      case 'read':
        console.log(JSON.stringify(decode(await connection.contract.evaluateTransaction('directory:read'))));
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

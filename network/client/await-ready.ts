import { connectAs } from './org-gateway';
import { ORG_NAMES } from './network-map';

// Readiness is one committed transaction per org, not an open port: right after a deploy the gateway can
// still answer "no combination of peers can be derived" until gossip has seen every peer.
const TIMEOUT_MS = Number(process.env.READY_TIMEOUT_MS ?? 60_000);

async function beatUntilCommitted(org: (typeof ORG_NAMES)[number], deadline: number): Promise<void> {
  const connection = connectAs(org, { deadlineMs: 10_000 });
  try {
    for (;;) {
      try {
        await connection.contract.submitTransaction('heartbeat:beat');
        return;
      } catch (error) {
        if (Date.now() > deadline) {
          throw new Error(`${org}: no heartbeat committed within ${TIMEOUT_MS} ms: ${String(error)}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    }
  } finally {
    connection.close();
  }
}

async function main(): Promise<void> {
  const deadline = Date.now() + TIMEOUT_MS;
  await Promise.all(ORG_NAMES.map((org) => beatUntilCommitted(org, deadline)));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});

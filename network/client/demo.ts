import { connectAs } from './org-gateway';

interface Heartbeat {
  org: string;
  txId: string;
  at: string;
}

const decode = (bytes: Uint8Array): Heartbeat => JSON.parse(Buffer.from(bytes).toString('utf8')) as Heartbeat;

// The foundation's demo: two banks each commit a transaction through their own peer and read the other's.
async function main(): Promise<void> {
  const szBank = connectAs('SZBank');
  const hkBank = connectAs('HKBank');
  try {
    const rows: string[][] = [];
    for (const [writer, reader] of [[szBank, hkBank], [hkBank, szBank]]) {
      const started = Date.now();
      const written = decode(await writer.contract.submitTransaction('heartbeat:beat'));
      const committedMs = Date.now() - started;
      const read = decode(await reader.contract.evaluateTransaction('heartbeat:read', writer.mspId));
      rows.push([writer.mspId, read.txId.slice(0, 16) + '…', read.at, `${committedMs} ms`, reader.mspId, String(read.txId === written.txId)]);
    }
    const header = ['submitted by', 'transaction', 'at (tx time)', 'commit', 'read back by', 'same tx'];
    const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
    for (const row of [header, ...rows]) {
      console.log(row.map((cell, column) => cell.padEnd(widths[column])).join('  '));
    }
  } finally {
    szBank.close();
    hkBank.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});

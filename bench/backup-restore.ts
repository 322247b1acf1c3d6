import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { connectAs, OrgConnection } from '../network/client/org-gateway';
import { stateDir } from '../network/client/network-map';
import { newUetrs, ownHeight, ownPaymentDetails, pairChannelOf, recordedUetrs, submitPayments } from '../test/support/pair-ledger';
import { writeResults } from './harness/results';
import { formatNumber, printTable } from './harness/table';

/**
 * Backup and restore of one organisation (SZBank) against the size of its ledger, on the running network that
 * BAYRECON_STATE_DIR names (figures printed, never asserted):
 *   node -r ts-node/register/transpile-only bench/backup-restore.ts [--payments=100000] [--in-flight=4]
 * 1. builds the ledger: that many payments between SZBank and HKBank, both sides of each, 500 sides per
 *    transaction, through the gateway;
 * 2. backs SZBank up (backup.sh, to a .tar.gz) and times it; sizes of the archive, its snapshots and the peer's
 *    own ledger folder;
 * 3. loses SZBank's host and restores it from the snapshots (orderer from configuration blocks), then again from
 *    the genesis blocks; times each phase from restore.sh's own log lines, and checks that every payment is on
 *    SZBank's restored peer.
 * The network is left as it was, SZBank restored; the backup is deleted.
 */
const run = promisify(execFile);
const SCRIPTS = path.resolve(__dirname, '..', 'network', 'scripts');
const SZ = 'SZBankMSP';
const HK = 'HKBankMSP';
const SIDES_PER_TRANSACTION = 500;

function option(name: string, fallback: number): number {
  const arg = process.argv.slice(2).find((candidate) => candidate.startsWith(`--${name}=`));
  const value = arg === undefined ? fallback : Number(arg.slice(name.length + 3));
  if (!Number.isInteger(value) || value < 0) throw new Error(`--${name}: expected a whole number, got '${arg}'`);
  return value;
}

async function script(name: string, ...args: string[]): Promise<{ ms: number; lines: string[] }> {
  const started = Date.now();
  const { stdout } = await run(path.join(SCRIPTS, name), args, { maxBuffer: 64 * 1024 * 1024 });
  return { ms: Date.now() - started, lines: stdout.split('\n').filter((line) => line.startsWith('[network]')) };
}

async function bytesOf(dir: string): Promise<number> {
  return Number((await run('du', ['-sb', dir])).stdout.split('\t')[0]);
}

/** restore.sh's phases: each log line ends with the milliseconds since it started. */
function phases(lines: string[]): Record<string, number> {
  const result: Record<string, number> = {};
  for (const line of lines) {
    const match = /\[network\] SZBank: (.*) \((\d+) ms\)$/.exec(line);
    if (match === null) continue;
    const phase = match[1].startsWith('identities') ? 'nodes up, packages installed'
      : match[1].startsWith('peer joined') ? 'peer joined every channel'
        : match[1].includes('as the other consenters') ? 'peer and orderer caught up' : undefined;
    if (phase !== undefined) result[phase] = Math.max(result[phase] ?? 0, Number(match[2]));
  }
  return result;
}

const mib = (bytes: number) => `${formatNumber(bytes / 1024 / 1024, 1)} MiB`;
const seconds = (ms: number) => `${formatNumber(ms / 1000, 1)} s`;

async function restoreAndCheck(label: string, archive: string, uetrs: string[], args: string[]) {
  await script('org/nodes.sh', 'kill', 'SZBank');
  rmSync(path.join(stateDir(), 'orgs', 'SZBank'), { recursive: true, force: true });
  const restore = await script('org/restore.sh', 'SZBank', archive, ...args);
  const sz = connectAs('SZBank');
  try {
    const found = await recordedUetrs(sz, SZ, HK, uetrs);
    if (found.size !== uetrs.length) throw new Error(`${label}: ${uetrs.length - found.size} of ${uetrs.length} payments missing on SZBank's peer`);
    const sample = [uetrs[0], uetrs[Math.floor(uetrs.length / 2)], uetrs[uetrs.length - 1]];
    const detailsStarted = Date.now();
    for (;;) {
      try {
        for (const uetr of sample) await ownPaymentDetails(sz, SZ, HK, uetr);
        break;
      } catch (error) {
        if (Date.now() - detailsStarted > 600_000) throw error;
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
    }
    return { label, totalMs: restore.ms, phases: phases(restore.lines), detailsAfterMs: Date.now() - detailsStarted };
  } finally {
    sz.close();
  }
}

async function main(): Promise<void> {
  const startedAt = new Date();
  const payments = option('payments', 100_000);
  const inFlight = option('in-flight', 4);
  const work = mkdtempSync(path.join(tmpdir(), 'bayrecon-bench-backup-'));
  const archive = path.join(work, 'szbank.tar.gz');
  const channel = pairChannelOf(SZ, HK);
  let sz: OrgConnection | undefined;
  let hk: OrgConnection | undefined;
  try {
    sz = connectAs('SZBank');
    hk = connectAs('HKBank');
    const uetrs = newUetrs(payments);
    const buildStarted = Date.now();
    await submitPayments(sz, HK, uetrs, 'DEBTOR_AGENT', SIDES_PER_TRANSACTION, inFlight);
    await submitPayments(hk, SZ, uetrs, 'CREDITOR_AGENT', SIDES_PER_TRANSACTION, inFlight);
    const buildMs = Date.now() - buildStarted;
    const height = await ownHeight(sz, channel);
    sz.close();
    hk.close();
    sz = hk = undefined;
    console.log(`ledger: ${formatNumber(payments)} payments (${formatNumber(2 * payments)} sides) in ${seconds(buildMs)}; ${channel} at height ${height}`);

    const peerLedgerBytes = await bytesOf(path.join(stateDir(), 'orgs', 'SZBank', 'data', 'peer'));
    const backup = await script('org/backup.sh', 'SZBank', archive);
    const archiveBytes = statSync(archive).size;
    const unpacked = path.join(work, 'unpacked');
    await run('mkdir', ['-p', unpacked]);
    await run('tar', ['-C', unpacked, '-xzf', archive]);
    const snapshotBytes = await bytesOf(path.join(unpacked, 'ledger'));
    const pairSnapshotBytes = await bytesOf(path.join(unpacked, 'ledger', channel));
    rmSync(unpacked, { recursive: true, force: true });
    console.log(`backup: ${seconds(backup.ms)}, archive ${mib(archiveBytes)}, snapshots ${mib(snapshotBytes)} uncompressed, peer ledger folder ${mib(peerLedgerBytes)}`);

    const restores = [
      await restoreAndCheck('snapshots, orderer from configuration blocks', archive, uetrs, []),
      await restoreAndCheck('genesis blocks, orderer from configuration blocks', archive, uetrs, ['--peer-join=genesis']),
    ];

    console.log('');
    printTable(['step', 'figure'], [
      ['ledger built', `${seconds(buildMs)} (${formatNumber((2 * payments) / (buildMs / 1000))} sides/s)`],
      [`${channel} height`, `${height} blocks`],
      ['SZBank peer ledger folder', mib(peerLedgerBytes)],
      ['backup time', seconds(backup.ms)],
      ['backup archive', mib(archiveBytes)],
      ['snapshots (uncompressed)', `${mib(snapshotBytes)} (${channel}: ${mib(pairSnapshotBytes)})`],
      ['archive bytes per payment', formatNumber(archiveBytes / payments, 0)],
    ]);
    console.log('');
    const phaseNames = ['nodes up, packages installed', 'peer joined every channel', 'peer and orderer caught up'];
    printTable(['restore from', ...phaseNames, 'endorsing (total)', 'sample details after'], restores.map((restore) => [
      restore.label, ...phaseNames.map((name) => seconds(restore.phases[name] ?? NaN)), seconds(restore.totalMs), seconds(restore.detailsAfterMs),
    ]));
    const file = writeResults(startedAt, {
      benchmark: 'backup-restore', payments, sidesPerTransaction: SIDES_PER_TRANSACTION, inFlight, buildMs, height: Number(height),
      peerLedgerBytes, backupMs: backup.ms, archiveBytes, snapshotBytes, pairSnapshotBytes, restores,
    }, 'backup-restore-');
    console.log(`\nresults: ${file}`);
  } finally {
    sz?.close();
    hk?.close();
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});

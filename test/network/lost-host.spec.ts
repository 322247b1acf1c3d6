import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { appendFileSync, chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { CONSORTIUM_CHANNEL } from '@bayrecon/common';
import { connectAs, OrgConnection } from '../../network/client/org-gateway';
import { readNetworkMap, stateDir } from '../../network/client/network-map';
import {
  blockSigners, newUetrs, ownHeight, ownPayment, ownPaymentDetails, pairChannelOf, pairSide, recordedUetrs, submitPairSides,
  submitPayments,
} from '../support/pair-ledger';

const SCRIPTS = path.resolve(__dirname, '..', '..', 'network', 'scripts');
const run = promisify(execFile);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs one of the network's scripts; a failure carries what it printed. */
async function script(name: string, ...args: string[]): Promise<string> {
  try {
    const { stdout } = await run(path.join(SCRIPTS, name), args, { maxBuffer: 16 * 1024 * 1024 });
    stdout.split('\n').filter((line) => line.startsWith('[network]')).forEach((line) => console.log(`      ${line}`));
    return stdout;
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`${name} ${args.join(' ')} failed:\n${stdout ?? ''}${stderr ?? ''}`);
  }
}

/** Retries `check` until it passes or `ms` is over; the last failure is the test's. */
async function eventually(ms: number, check: () => Promise<void>): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await sleep(500);
    }
  }
}

interface BackupManifest {
  org: string;
  channels: { name: string; height: number; lastBlockNumber: number; snapshotHash: string }[];
  identities: string[];
  chaincodePackageIds: Record<string, string>;
  apiDatabase: { path: string; bytes: number } | null;
}

const SZ = 'SZBankMSP';
const HK = 'HKBankMSP';
const MO = 'MOBankMSP';

/**
 * A lost host at the ledger level: SZBank's whole state folder is deleted while the network runs (its processes
 * killed first, as a lost machine takes them), and SZBank comes back from a backup taken earlier. Payments
 * committed before and after the backup, on both of its pairs' channels, must all be on its restored peer, read
 * through its own gateway, and the peer must endorse new ones; its orderer must sign blocks again as a consenter.
 */
describe('a lost host: an organisation restored from its backup while the network runs', function () {
  this.timeout(20 * 60_000);
  // Each step builds on the one before: the first failure ends the story.
  this.bail(true);
  const work = mkdtempSync(path.join(tmpdir(), 'bayrecon-lost-host-'));
  const archive = path.join(work, 'szbank.tar.gz');
  const szDir = path.join(stateDir(), 'orgs', 'SZBank');
  const apiDatabase = path.join(szDir, 'api', 'SZBank.sqlite');
  let sz: OrgConnection;
  let hk: OrgConnection;
  let mo: OrgConnection;
  let api: Database.Database | undefined;
  const beforeBackup = { hk: newUetrs(120), mo: newUetrs(40) };
  const afterBackup = { hk: newUetrs(60), mo: newUetrs(20) };
  const whileLost = newUetrs(30);
  const szChannels = [pairChannelOf(SZ, HK), pairChannelOf(SZ, MO), CONSORTIUM_CHANNEL];
  let manifest: BackupManifest;

  before(() => {
    [sz, hk, mo] = ['SZBank', 'HKBank', 'MOBank'].map((org) => connectAs(org));
  });
  after(() => {
    api?.close();
    [sz, hk, mo].forEach((connection) => connection?.close());
    rmSync(work, { recursive: true, force: true });
  });

  /** SZBank's restored peer: on each of its channels at the height HKBank's or MOBank's peer has. */
  async function sameHeights(): Promise<void> {
    await eventually(60_000, async () => {
      for (const channel of szChannels) {
        const other = channel === pairChannelOf(SZ, MO) ? mo : hk;
        const [own, theirs] = await Promise.all([ownHeight(sz, channel), ownHeight(other, channel)]);
        assert.equal(own, theirs, `SZBank's peer on ${channel}`);
      }
    });
  }

  /** Every payment SZBank had, on both pairs, is on its own peer with its own side's details. */
  async function everyPaymentOnSzPeer(pairs: { hk: string[]; mo: string[] }): Promise<void> {
    const recordedHk = await recordedUetrs(sz, SZ, HK, pairs.hk);
    const recordedMo = await recordedUetrs(sz, SZ, MO, pairs.mo);
    assert.deepEqual([recordedHk.size, recordedMo.size], [pairs.hk.length, pairs.mo.length], 'payments on SZBank\'s peer');
    for (const uetr of [pairs.hk[0], pairs.hk.at(-1) as string]) {
      const record = await ownPayment(sz, SZ, HK, uetr);
      assert.equal(record.status, 'MATCHED', uetr);
    }
    // Details are private data, which a peer joined from a snapshot gets back by reconciliation.
    await eventually(120_000, async () => {
      for (const [counterparty, uetrs] of [[HK, pairs.hk], [MO, pairs.mo]] as const) {
        for (const uetr of [uetrs[0], uetrs.at(-1) as string]) {
          const details = await ownPaymentDetails(sz, SZ, counterparty, uetr);
          assert.equal(details.sides.DEBTOR_AGENT?.remittanceInformation, `INV-${uetr.slice(0, 8)}`, `${uetr}'s own side`);
          assert.equal(details.sides.CREDITOR_AGENT?.counterpartyOrg, SZ, `${uetr}'s counterparty side`);
        }
      }
    });
  }

  /** SZBank's peer endorses new payments on both its pairs, which the counterparties match. */
  async function endorsesNewPayments(): Promise<void> {
    const fresh = { hk: newUetrs(10), mo: newUetrs(10) };
    await submitPayments(sz, HK, fresh.hk, 'DEBTOR_AGENT');
    await submitPayments(hk, SZ, fresh.hk, 'CREDITOR_AGENT');
    await submitPayments(sz, MO, fresh.mo, 'DEBTOR_AGENT');
    await submitPayments(mo, SZ, fresh.mo, 'CREDITOR_AGENT');
    assert.equal((await ownPayment(sz, SZ, HK, fresh.hk[9])).status, 'MATCHED');
    assert.equal((await ownPayment(hk, SZ, HK, fresh.hk[9])).status, 'MATCHED');
    assert.equal((await ownPayment(sz, SZ, MO, fresh.mo[9])).status, 'MATCHED');
  }

  /**
   * SZBank's orderer is one of the consenters that sign new blocks of each of its channels (a SmartBFT block carries
   * the signatures of the quorum that committed it: three of a pair channel's four consenters, four of the
   * consortium's six), so it has the chain and votes in the channel's current view. Its consenter id is its place in
   * the channel's orderers (channel.sh numbers them so).
   */
  async function ordersItsChannels(): Promise<void> {
    const network = readNetworkMap();
    for (const channel of szChannels) {
      const consenterId = network.channels[channel].orderers.indexOf('SZBank') + 1;
      assert.ok(consenterId > 0, `SZBank orders ${channel}`);
      const signers = new Set<number>();
      for (let attempt = 0; attempt < 10 && !signers.has(consenterId); attempt += 1) {
        const block = channel === CONSORTIUM_CHANNEL
          ? (await (await sz.contract.submitAsync('heartbeat:beat', { endorsingOrganizations: [SZ, HK] })).getStatus()).blockNumber
          : await submitPairSides(sz, [pairSide(sz.directory, SZ, channel === pairChannelOf(SZ, HK) ? HK : MO, newUetrs(1)[0], 'DEBTOR_AGENT')]);
        (await blockSigners(sz, channel, block)).forEach((id) => signers.add(id));
      }
      assert.ok(signers.has(consenterId), `SZBank's orderer (consenter ${consenterId}) signs no block of ${channel}: signers ${[...signers].join(', ')}`);
    }
  }

  /** Kills every process of SZBank and deletes its state folder, as losing its host does. */
  async function loseSzHost(): Promise<void> {
    api?.close();
    api = undefined;
    await script('org/nodes.sh', 'kill', 'SZBank');
    rmSync(szDir, { recursive: true, force: true });
    assert.equal(existsSync(szDir), false);
  }

  it('backs SZBank up while payments commit, its API database in use included', async () => {
    await submitPayments(sz, HK, beforeBackup.hk, 'DEBTOR_AGENT', 40);
    await submitPayments(hk, SZ, beforeBackup.hk, 'CREDITOR_AGENT', 40);
    await submitPayments(sz, MO, beforeBackup.mo, 'DEBTOR_AGENT', 20);
    await submitPayments(mo, SZ, beforeBackup.mo, 'CREDITOR_AGENT', 20);
    // SZBank's API database path, in WAL mode, its last writes still only in its write-ahead log and held open by
    // its writer, as a running API holds its own (a table of this test's: the API's own tables are the API's tests').
    mkdirSync(path.dirname(apiDatabase), { recursive: true });
    api = new Database(apiDatabase);
    api.pragma('journal_mode = WAL');
    api.pragma('wal_autocheckpoint = 0');
    api.exec('DROP TABLE IF EXISTS backup_probe; CREATE TABLE backup_probe (uetr TEXT PRIMARY KEY, state TEXT NOT NULL)');
    const insert = api.prepare('INSERT INTO backup_probe (uetr, state) VALUES (?, ?)');
    api.transaction(() => beforeBackup.hk.forEach((uetr) => insert.run(uetr, 'COMMITTED')))();
    const heights = await Promise.all(szChannels.map((channel) => ownHeight(sz, channel)));

    await script('org/backup.sh', 'SZBank', archive);

    const listing = (await run('tar', ['-tzf', archive])).stdout.split('\n');
    manifest = JSON.parse((await run('tar', ['-xzOf', archive, './manifest.json'])).stdout) as BackupManifest;
    assert.equal(manifest.org, 'SZBank');
    assert.deepEqual(manifest.channels.map((channel) => channel.name).sort(), [...szChannels].sort());
    szChannels.forEach((channel, index) => {
      const entry = manifest.channels.find((candidate) => candidate.name === channel);
      assert.ok(entry !== undefined && BigInt(entry.height) >= heights[index], `${channel} snapshot at the height SZBank had`);
      assert.ok(listing.includes(`./ledger/${channel}/public_state.data`), `${channel}'s snapshot in the archive`);
    });
    for (const part of ['ca', 'msp', 'peer', 'orderer', 'admin', 'clients', 'registrars']) {
      assert.ok(manifest.identities.includes(part), `identities/${part}`);
    }
    assert.ok(listing.includes('./identities/ca/fabric-ca-server.db') && listing.includes('./identities/peer/msp/keystore/key.pem'));
    assert.match(manifest.chaincodePackageIds.bayrecon, /^bayrecon_\d+:[0-9a-f]{64}$/);
    assert.ok(listing.includes(`./chaincode/packages/${manifest.chaincodePackageIds.bayrecon}.tar.gz`));
    assert.equal(manifest.apiDatabase?.path, 'api/SZBank.sqlite');

    // Written after the backup: the backup does not protect these rows, the ledger protects these payments.
    api.transaction(() => afterBackup.hk.forEach((uetr) => insert.run(uetr, 'ACCEPTED')))();
    await submitPayments(sz, HK, afterBackup.hk, 'DEBTOR_AGENT', 30);
    await submitPayments(hk, SZ, afterBackup.hk, 'CREDITOR_AGENT', 30);
    await submitPayments(sz, MO, afterBackup.mo, 'DEBTOR_AGENT');
    await submitPayments(mo, SZ, afterBackup.mo, 'CREDITOR_AGENT');
  });

  it('keeps the rest of the network committing while SZBank\'s host is lost', async () => {
    await loseSzHost();
    await assert.rejects(ownHeight(sz, szChannels[0]), 'SZBank\'s peer is gone');
    // HKBank and MOBank's pair and the consortium channel go on (SmartBFT tolerates one orderer of four or six).
    await submitPayments(hk, MO, whileLost, 'DEBTOR_AGENT');
    await hk.contract.submit('heartbeat:beat', { endorsingOrganizations: [HK, MO] });
  });

  it('restores SZBank: its orderer from configuration blocks, its peer from the snapshots', async () => {
    sz.close();
    await script('org/restore.sh', 'SZBank', archive);
    sz = connectAs('SZBank');
    await sameHeights();
    await everyPaymentOnSzPeer({ hk: [...beforeBackup.hk, ...afterBackup.hk], mo: [...beforeBackup.mo, ...afterBackup.mo] });
    // The snapshot holds the state at the backup, not the blocks before it.
    const firstBlock = sz.gateway.getNetwork(szChannels[0]).getContract('qscc')
      .newProposal('GetBlockByNumber', { arguments: [szChannels[0], '1'], endorsingOrganizations: [SZ] }).evaluate();
    await assert.rejects(firstBlock, /not found|no such|out of range|before|bootstrapped|snapshot/i);

    const restored = new Database(apiDatabase, { readonly: true });
    try {
      const rows = restored.prepare('SELECT uetr FROM backup_probe ORDER BY uetr').all() as { uetr: string }[];
      assert.deepEqual(rows.map((row) => row.uetr), [...beforeBackup.hk].sort(), 'the API database as it was at the backup');
    } finally {
      restored.close();
    }
    await endorsesNewPayments();
  });

  it('has SZBank\'s restored orderer take part in consensus: it signs blocks of each of its channels', async () => {
    await ordersItsChannels();
  });

  it('refuses a damaged backup, then restores SZBank from the same backup with its peer and orderer joined from the genesis blocks', async () => {
    await loseSzHost();
    sz.close();
    // A damaged backup is refused before anything of it is written.
    const damaged = path.join(work, 'damaged');
    mkdirSync(damaged);
    await run('tar', ['-C', damaged, '-xzf', archive]);
    const snapshotFile = path.join(damaged, 'ledger', szChannels[0], 'public_state.data');
    chmodSync(snapshotFile, 0o600);
    appendFileSync(snapshotFile, Buffer.from([0]));
    await assert.rejects(script('org/restore.sh', 'SZBank', damaged), new RegExp(`the snapshot of ${szChannels[0]} in .* is damaged`));
    assert.equal(existsSync(szDir), false, 'nothing of a refused backup is written');

    await script('org/restore.sh', 'SZBank', archive, '--peer-join=genesis', '--orderer-join=genesis');
    sz = connectAs('SZBank');
    await sameHeights();
    await everyPaymentOnSzPeer({ hk: [...beforeBackup.hk, ...afterBackup.hk], mo: [...beforeBackup.mo, ...afterBackup.mo] });
    // From the genesis block the peer holds every block again, and every version of a payment.
    const history = JSON.parse(Buffer.from(await sz.pairContract(SZ, HK).newProposal('payment:getPaymentHistory', {
      arguments: [beforeBackup.hk[0]], endorsingOrganizations: [SZ],
    }).evaluate()).toString()) as { versions: unknown[] };
    assert.equal(history.versions.length, 2, 'PENDING_COUNTERPARTY, then MATCHED');
    await endorsesNewPayments();
    await ordersItsChannels();
  });

  it('refuses to restore over an organisation whose state is there', async () => {
    const before = readFileSync(path.join(szDir, 'peer', 'msp', 'signcerts', 'cert.pem'), 'utf8');
    await assert.rejects(script('org/restore.sh', 'SZBank', archive), /exists: restore brings back a lost host/);
    assert.equal(readFileSync(path.join(szDir, 'peer', 'msp', 'signcerts', 'cert.pem'), 'utf8'), before);
  });
});

import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { stateDir } from '../../network/client/network-map';
import { connectAs, OrgConnection } from '../../network/client/org-gateway';
import { ApiInstance, apiCli, startApi } from '../support/api-instance';
import { runNetworkScript } from '../support/network-scripts';
import { ownHeight } from '../support/pair-ledger';
import { hkCreditorSide, newUetr, submitSides, szDebtorSide, szHkChannel } from '../support/payments';
import { endOfDayReport, uniqueSettlementDate, waitForBlock } from '../support/read-side';

/**
 * A regulator's host lost and restored: the HKMA's API runs on its state folder's database (the one `make backup`
 * takes), a backup is taken mid-day, more of the day's payments commit after it, then the HKMA's whole state
 * folder is deleted while the network runs. Restored from the backup (its peer from the genesis blocks), its API must
 * report the day as it stood at the loss, byte for byte: first by catching up from the backup's checkpoints, then
 * once more after a rebuild of its projection from the chain.
 */
describe('a lost regulator host: the HKMA restored from its backup reports the same end of day', function () {
  this.timeout(20 * 60_000);
  // Each step builds on the one before: the first failure ends the story.
  this.bail(true);
  const work = mkdtempSync(path.join(tmpdir(), 'bayrecon-lost-regulator-'));
  const archive = path.join(work, 'hkma.tar.gz');
  const hkmaDir = path.join(stateDir(), 'orgs', 'HKMA');
  const date = uniqueSettlementDate();
  const at = { interbankSettlementDate: date };
  let sz: OrgConnection;
  let hk: OrgConnection;
  let hkma: ApiInstance;
  let lastBlock = 0;
  let csvAtLoss = '';
  let jsonAtLoss = '';

  const report = (format: 'csv' | 'json'): Promise<string> => endOfDayReport(hkma, date, format);
  /** Matched, discrepant and one-sided payments of the day, straight through SZBank's and HKBank's gateways. */
  const aDayOfPayments = async (count: number): Promise<void> => {
    const uetrs = Array.from({ length: count }, () => newUetr());
    const events = [
      await submitSides(sz, uetrs.map((uetr) => szDebtorSide(uetr, at))),
      await submitSides(hk, uetrs.slice(1).map((uetr, index) => hkCreditorSide(uetr, index % 3 === 0
        ? { ...at, interbankSettlementAmount: { amount: '99.00', currency: 'HKD' } } : at))),
    ];
    assert.ok(events.every((event) => event.counts.changed > 0));
  };
  /** The highest block of the SZ-HK channel, on SZBank's peer: what the HKMA's projection must reach. */
  const tip = async (): Promise<number> => Number(await ownHeight(sz, szHkChannel())) - 1;

  before(async () => {
    [sz, hk] = [connectAs('SZBank'), connectAs('HKBank')];
    hkma = await startApi('HKMA', { port: 3461, env: { SQLITE_PATH: path.join(hkmaDir, 'api', 'HKMA.sqlite') } });
  });
  after(async () => {
    await hkma?.stop();
    [sz, hk].forEach((connection) => connection?.close());
    rmSync(work, { recursive: true, force: true });
  });

  it('backs the HKMA up mid-day, its API database in use, while the day goes on', async () => {
    await aDayOfPayments(9);
    await waitForBlock(hkma, szHkChannel(), await tip());
    await runNetworkScript('org/backup.sh', 'HKMA', archive);
    await aDayOfPayments(12);
    lastBlock = await tip();
    await waitForBlock(hkma, szHkChannel(), lastBlock);
    [csvAtLoss, jsonAtLoss] = [await report('csv'), await report('json')];
    // Both halves of the day are in it: 21 payments, a header line before them.
    assert.equal(csvAtLoss.trimEnd().split('\r\n').length, 1 + 21, csvAtLoss);
  });

  it('restores the HKMA after its host is lost; its API catches up from the backup to the same report', async () => {
    await hkma.stop();
    await runNetworkScript('org/nodes.sh', 'kill', 'HKMA');
    rmSync(hkmaDir, { recursive: true, force: true });
    // Its peer joins from the genesis blocks: the projection reads its blocks from its own peer, and one joined from a
    // snapshot has no block before the snapshot's, neither those after the API's checkpoint in the backup nor those a
    // rebuild replays.
    await runNetworkScript('org/restore.sh', 'HKMA', archive, '--peer-join=genesis');
    // The API keys made before the backup are in the restored database.
    await hkma.restart();
    await waitForBlock(hkma, szHkChannel(), lastBlock);
    assert.equal(await report('csv'), csvAtLoss);
    assert.equal(await report('json'), jsonAtLoss);
  });

  it('gives the same report, byte for byte, after a rebuild of the restored projection from the chain', async () => {
    await hkma.stop();
    assert.match(apiCli(hkma.env, ['rebuild-projection']), /replays from the genesis block/);
    await hkma.restart();
    await waitForBlock(hkma, szHkChannel(), lastBlock);
    assert.equal(await report('csv'), csvAtLoss);
    assert.equal(await report('json'), jsonAtLoss);
  });
});

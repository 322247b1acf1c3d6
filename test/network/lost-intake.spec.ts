import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { connectAs, OrgConnection } from '../../network/client/org-gateway';
import { stateDir } from '../../network/client/network-map';
import { ApiInstance, startApi } from '../support/api-instance';
import { runNetworkScript } from '../support/network-scripts';
import { newUetrs, pairChannelOf, recordedUetrs } from '../support/pair-ledger';
import { szDebtorSide } from '../support/payments';
import { waitFor } from '../support/read-side';
import { call } from '../support/write-api';

const SZ = 'SZBankMSP';
const HK = 'HKBankMSP';
/**
 * A full batch goes at once; a smaller group waits a minute for more sides. The test thus decides which sides are
 * sent before SZBank's host is lost and which are still waiting in the outbox, accepted and never sent.
 */
const BATCH = 15;
const OUTBOX = { OUTBOX_BATCH_SIZE: String(BATCH), OUTBOX_LINGER_MS: '60000' };

interface IntakeReport { channel: string; counterpartyOrg: string; announced: number | null; counterAtStart: number; committedFound: number; lost: number }
interface IntakeStatus { outbox: string; lostSides: number; auditing: unknown[]; reports: IntakeReport[] }

/**
 * SZBank's API instance runs on its state folder's database; SZBank is backed up, accepts more sides, some of
 * which it sends and some it has not sent yet when its host is lost. Restored from the backup, its API reports, over
 * HTTP and in its log, exactly how many accepted sides were lost, and reads back those that had been committed.
 */
describe('a lost host: the restored API counts the sides accepted since the backup and never sent', function () {
  this.timeout(20 * 60_000);
  this.bail(true);
  const work = mkdtempSync(path.join(tmpdir(), 'bayrecon-lost-intake-'));
  const archive = path.join(work, 'szbank.tar.gz');
  const szDir = path.join(stateDir(), 'orgs', 'SZBank');
  const env = { ...OUTBOX, SQLITE_PATH: path.join(szDir, 'api', 'SZBank.sqlite') };
  const channel = () => pairChannelOf(SZ, HK);
  let api: ApiInstance | undefined;
  let hk: OrgConnection;
  const beforeBackup = newUetrs(2 * BATCH);
  const afterBackup = { waiting: newUetrs(8), filling: newUetrs(BATCH) };
  let committedAfterBackup: string[] = [];

  before(async () => {
    hk = connectAs('HKBank');
    // make up's own SZBank instance, if it runs, holds the same database.
    await runNetworkScript('api.sh', 'stop', 'SZBank');
  });
  after(async () => {
    await api?.dispose();
    hk?.close();
    rmSync(work, { recursive: true, force: true });
  });

  async function post(uetrs: string[]): Promise<string> {
    const answer = await call(api as ApiInstance, 'POST', '/payments', { json: { sides: uetrs.map((uetr) => szDebtorSide(uetr)) } });
    assert.equal(answer.status, 202, JSON.stringify(answer.body));
    return answer.body.submissionId as string;
  }

  async function statuses(submissionId: string): Promise<string[]> {
    const answer = await call(api as ApiInstance, 'GET', `/submissions/${submissionId}`);
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    return (answer.body.items as { status: string }[]).map((item) => item.status);
  }

  /** Polls `check` until it holds: read-side's waitFor, for a check that answers yes or no. */
  const until = (ms: number, what: string, check: () => Promise<boolean>): Promise<boolean> =>
    waitFor(what, async () => ((await check()) ? true : undefined), ms);

  /** GET /intake once no audit is in progress and the reports have grown to `reports`. */
  async function intakeAfterAudit(reports: number): Promise<IntakeStatus> {
    let status: IntakeStatus | undefined;
    await until(180_000, 'the intake audit completes', async () => {
      const answer = await call(api as ApiInstance, 'GET', '/intake', { role: 'viewer' });
      assert.equal(answer.status, 200, JSON.stringify(answer.body));
      status = answer.body as IntakeStatus;
      return status.auditing.length === 0 && status.reports.length >= reports;
    });
    return status as IntakeStatus;
  }

  it('accepts and commits sides through SZBank\'s API, then backs SZBank up with that API running', async () => {
    api = await startApi('SZBank', { port: 3901, env });
    const first = await post(beforeBackup.slice(0, BATCH));
    const second = await post(beforeBackup.slice(BATCH));
    await until(120_000, 'the sides before the backup committed', async () =>
      [...await statuses(first), ...await statuses(second)].every((status) => status === 'COMMITTED'));
    await runNetworkScript('org/backup.sh', 'SZBank', archive);
  });

  it('after the backup, commits one full batch and keeps the rest waiting in the outbox; then the host is lost', async () => {
    const waiting = await post(afterBackup.waiting);
    const filling = await post(afterBackup.filling);
    // The oldest sides go first: the 8 waiting and 7 of the next request fill one batch; its other 8 wait.
    await until(60_000, 'a batch after the backup committed', async () => (await statuses(waiting)).every((status) => status === 'COMMITTED'));
    assert.deepEqual((await statuses(filling)).filter((status) => status === 'PENDING').length, 8);
    api?.kill();
    await runNetworkScript('org/nodes.sh', 'kill', 'SZBank');
    rmSync(szDir, { recursive: true, force: true });
    // What reached the ledger, read from HKBank's peer: the test's count, not the instance's.
    const accepted = [...afterBackup.waiting, ...afterBackup.filling];
    const recorded = await recordedUetrs(hk, SZ, HK, accepted);
    committedAfterBackup = accepted.filter((uetr) => recorded.has(uetr));
    assert.equal(committedAfterBackup.length, BATCH);
  });

  it('restores SZBank; its API on the restored database reports the exact count lost and reads back what was committed', async () => {
    await runNetworkScript('org/restore.sh', 'SZBank', archive);
    await api?.dispose();
    api = await startApi('SZBank', { port: 3901, env });
    const lost = afterBackup.waiting.length + afterBackup.filling.length - committedAfterBackup.length;
    assert.equal(lost, 8);
    const status = await intakeAfterAudit(1);
    const report = status.reports.find((candidate) => candidate.channel === channel());
    assert.deepEqual(report && {
      counterpartyOrg: report.counterpartyOrg, announced: report.announced, counterAtStart: report.counterAtStart,
      committedFound: report.committedFound, lost: report.lost,
    }, { counterpartyOrg: HK, announced: 2 * BATCH + 8 + BATCH, counterAtStart: 2 * BATCH, committedFound: BATCH, lost });
    assert.equal(status.lostSides, lost, 'every pair channel\'s latest audit, added up (the MOBank pair lost none)');
    const log = readFileSync(api.logFile, 'utf8');
    assert.match(log, new RegExp(`intake: ${lost} sides accepted for ${HK} since this database was saved were never sent and are lost`));
    for (const uetr of [...beforeBackup.slice(0, 1), ...committedAfterBackup]) {
      const answer = await call(api, 'GET', `/payments/${uetr}`, { role: 'viewer' });
      assert.equal(answer.status, 200, `${uetr}: ${JSON.stringify(answer.body)}`);
    }
    await until(60_000, 'the projection has the sides committed after the backup', async () => {
      const answers = await Promise.all(committedAfterBackup.map((uetr) => call(api as ApiInstance, 'GET', `/payments/${uetr}/events`, { role: 'viewer' })));
      return answers.every((answer) => answer.status === 200);
    });
  });

  it('reports 0 lost after an ordinary restart of the same instance', async () => {
    const before = (await intakeAfterAudit(1)).reports.length;
    await api?.restart();
    const status = await intakeAfterAudit(before + 1);
    assert.equal(status.lostSides, 0);
    assert.equal(status.reports.find((candidate) => candidate.channel === channel())?.lost, 0);
  });
});

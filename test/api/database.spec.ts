import { strict as assert } from 'node:assert';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { CONSORTIUM_CHANNEL, DOCUMENTS_ANCHORED_EVENT, DOCUMENT_VERIFIED_EVENT, PAYMENTS_CHANGED_EVENT } from '@bayrecon/common';
import { ApiKeysService } from '../../api/src/auth/api-keys.service';
import { AppConfig, DatabaseSettings } from '../../api/src/config/app-config';
import { openDatabase } from '../../api/src/database/data-source';
import { ConflictError } from '../../api/src/errors/domain-errors';
import { OutboxItemEntity, SubmissionEntity } from '../../api/src/outbox/outbox.entities';
import { OutboxService } from '../../api/src/outbox/outbox.service';
import { OutboxWorker } from '../../api/src/outbox/outbox.worker';
import { ProjectionCheckpointEntity } from '../../api/src/projection/projection.entities';
import { readCheckpoint, wipeProjection } from '../../api/src/projection/projection.service';
import { Projector } from '../../api/src/projection/projector';
import { ApiInstance, startApis } from '../support/api-instance';
import { hkCreditorSide, newUetr, szDebtorSide } from '../support/payments';
import { call, settledSubmission } from '../support/write-api';

/** The PostgreSQL that `make test` starts (network/scripts/postgres.sh); these tests need it. */
function postgresUrl(): string {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('TEST_DATABASE_URL is not set: start PostgreSQL with `make postgres` and export the URL it prints');
  return url;
}

/** A fresh, empty PostgreSQL database on the test server; returns its URL. */
async function freshPostgresDatabase(): Promise<string> {
  const name = `bayrecon_${randomBytes(6).toString('hex')}`;
  const admin = new Client({ connectionString: postgresUrl() });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(postgresUrl());
  url.pathname = `/${name}`;
  return url.toString();
}

const ENGINES: { name: string; settings: () => Promise<DatabaseSettings> }[] = [
  { name: 'SQLite', settings: async () => ({ type: 'better-sqlite3', path: path.join(mkdtempSync(path.join(tmpdir(), 'bayrecon-db-')), 'api.sqlite') }) },
  { name: 'PostgreSQL', settings: async () => ({ type: 'postgres', url: await freshPostgresDatabase() }) },
];

for (const engine of ENGINES) {
  describe(`the API's database on ${engine.name}`, () => {
    let dataSource: DataSource;
    let settings: DatabaseSettings;

    before(async () => {
      settings = await engine.settings();
      dataSource = await openDatabase(settings);
    });
    after(async () => {
      await dataSource?.destroy();
      if (settings?.type === 'better-sqlite3') rmSync(path.dirname(settings.path), { recursive: true, force: true });
    });

    it('creates every table through the migrations, and a second start applies none again', async () => {
      const tables = ['api_keys', 'submissions', 'outbox_items', 'status_reports', 'statement_entries', 'webhook_deliveries'];
      for (const table of tables) {
        assert.ok(await dataSource.createQueryRunner().hasTable(table), `table ${table} missing`);
      }
      const again = await openDatabase(settings);
      try {
        assert.equal((await again.showMigrations()), false, 'no migration is pending after the first start');
      } finally {
        await again.destroy();
      }
    });

    it('accepts sides all or nothing: an Idempotency-Key replays, a conflicting side refuses the whole request', async () => {
      const outbox = new OutboxService(dataSource, { wake: () => undefined } as unknown as OutboxWorker);
      const [a, b] = [newUetr(), newUetr()];
      const first = await outbox.accept([szDebtorSide(a), szDebtorSide(b)], 'json', `key-${a}`);
      const replay = await outbox.accept([szDebtorSide(a), szDebtorSide(b)], 'json', `key-${a}`);
      assert.equal(replay.replayed, true);
      assert.equal(replay.submissionId, first.submissionId);
      assert.deepEqual(replay.items.map((item) => item.id), first.items.map((item) => item.id), 'the first answer\'s ids are the stored ones');
      const before = await dataSource.getRepository(OutboxItemEntity).count();
      await assert.rejects(outbox.accept([szDebtorSide(newUetr()), szDebtorSide(a, { endToEndId: 'CHANGED' })], 'json', undefined),
        (error: unknown) => error instanceof ConflictError);
      assert.equal(await dataSource.getRepository(OutboxItemEntity).count(), before, 'a refused request wrote a side');
      assert.equal(await dataSource.getRepository(SubmissionEntity).count({ where: { id: first.submissionId } }), 1);
    });

    it('issues keys stored only as hashes, refuses them once revoked', async () => {
      const keys = new ApiKeysService(dataSource, { org: 'SZBank' } as AppConfig);
      const issued = await keys.issue('viewer', 'auditor');
      assert.deepEqual(await keys.authenticate(issued.key), { keyId: issued.id, role: 'viewer' });
      const stored = await dataSource.query('SELECT key_hash FROM api_keys');
      assert.ok(!JSON.stringify(stored).includes(issued.key.slice(-20)), 'the key itself must not be stored');
      assert.equal(await keys.revoke(issued.id), true);
      assert.equal(await keys.authenticate(issued.key), undefined);
    });

    it('wipes the projection for a rebuild', async () => {
      // A projection with something in every table and a checkpoint per channel, as a regulator's events leave it.
      const uetr = newUetr();
      const pair = 'pair-hkbank-szbank';
      const origin = { at: '2026-11-20T08:00:00.000Z', creatorMspId: 'SZBankMSP' };
      const change = {
        uetr, corridor: 'SZ->HK', messageType: 'pacs.008', debtorAgentOrg: 'SZBankMSP', creditorAgentOrg: 'HKBankMSP',
        settlementDate: '2026-11-20', sidesPresent: ['DEBTOR_AGENT'], status: 'PENDING_COUNTERPARTY', differingFields: [],
      };
      const documentHash = randomBytes(32).toString('hex');
      const projector = new Projector('HKMAMSP', true);
      await dataSource.transaction(async (manager) => {
        await projector.apply(manager, { channel: pair, blockNumber: 7, transactionId: 'tx-side', eventName: PAYMENTS_CHANGED_EVENT, payload: {
          transaction: 'submitSides', txId: 'tx-side', changes: [change], counts: { received: 1, changed: 1, unchanged: 0 },
        } }, origin);
        await projector.apply(manager, { channel: CONSORTIUM_CHANNEL, blockNumber: 8, transactionId: 'tx-anchor', eventName: DOCUMENTS_ANCHORED_EVENT, payload: {
          txId: 'tx-anchor', anchored: [documentHash], unchanged: 0,
        } }, { ...origin, creatorMspId: 'HKBankMSP' });
        await projector.apply(manager, { channel: CONSORTIUM_CHANNEL, blockNumber: 8, transactionId: 'tx-verify', eventName: DOCUMENT_VERIFIED_EVENT, payload: {
          documentHash, result: 'VALID', verifierOrg: 'SZBankMSP', txId: 'tx-verify',
        } }, origin);
        const checkpoints = manager.getRepository(ProjectionCheckpointEntity);
        const updatedAt = new Date().toISOString();
        await checkpoints.save([
          { channel: pair, blockNumber: 7, transactionId: 'tx-side', silentUntilBlock: null, updatedAt },
          { channel: CONSORTIUM_CHANNEL, blockNumber: 8, transactionId: 'tx-verify', silentUntilBlock: null, updatedAt },
        ]);
      });
      const rows = async () => Object.fromEntries(await Promise.all(['payments', 'payment_events', 'anchors', 'verifications']
        .map(async (table) => [table, Number((await dataSource.query(`SELECT COUNT(*) AS n FROM ${table}`))[0].n)])));
      assert.deepEqual(await rows(), { payments: 1, payment_events: 1, anchors: 1, verifications: 1 }, 'the projection to wipe holds a row in every table');

      assert.deepEqual(await wipeProjection(dataSource), { [pair]: 7, [CONSORTIUM_CHANNEL]: 8 }, 'the wipe says which block each channel had reached');
      assert.deepEqual(await rows(), { payments: 0, payment_events: 0, anchors: 0, verifications: 0 });
      for (const channel of [pair, CONSORTIUM_CHANNEL]) {
        const checkpoint = await readCheckpoint(dataSource.manager, channel);
        assert.deepEqual([checkpoint?.blockNumber, checkpoint?.transactionId], [null, null], `a wiped projection replays ${channel} from its genesis block`);
      }
    });
  });
}

describe('the API on PostgreSQL, end to end on the network', function () {
  this.timeout(180_000);
  let sz: ApiInstance;
  let hk: ApiInstance;

  before(async () => {
    const [szUrl, hkUrl] = [await freshPostgresDatabase(), await freshPostgresDatabase()];
    [sz, hk] = await startApis([['SZBank', { port: 3321, env: { DATABASE_URL: szUrl } }], ['HKBank', { port: 3322, env: { DATABASE_URL: hkUrl } }]]);
  });
  after(async () => Promise.all([sz?.dispose(), hk?.dispose()]));

  it('accepts, commits, reconciles and projects a pair, and keeps it across a restart', async () => {
    const uetr = newUetr();
    for (const [api, side] of [[sz, szDebtorSide(uetr)], [hk, hkCreditorSide(uetr)]] as const) {
      const answer = await call(api, 'POST', '/payments', { json: { sides: [side] } });
      assert.equal(answer.status, 202, JSON.stringify(answer.body));
      assert.equal((await settledSubmission(api, answer.body.submissionId)).items[0].status, 'COMMITTED');
    }
    await sz.restart();
    for (let waited = 0; ; waited += 200) {
      const listed = await call(sz, 'GET', `/payments?status=MATCHED&limit=1000`);
      const found = (listed.body.items as { uetr: string }[]).some((payment: { uetr: string }) => payment.uetr === uetr);
      if (found) break;
      assert.ok(waited < 30_000, `the projection on PostgreSQL never listed ${uetr}: ${JSON.stringify(listed.body).slice(0, 300)}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  });
});

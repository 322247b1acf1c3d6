import { strict as assert } from 'node:assert';
import { PaymentRecord } from '@bayrecon/common';
import { openDatabase } from '../../api/src/database/data-source';
import { OrgConnection, connectAs } from '../../network/client/org-gateway';
import { ApiInstance, startApi } from '../support/api-instance';
import { getPayment, newUetr, szDebtorSide, szHk } from '../support/payments';
import { call, settledSubmission } from '../support/write-api';

const SIDES = 300;

describe('API write side: a crash mid-batch loses and duplicates nothing (real API process on the network)', function () {
  this.timeout(240_000);
  let sz: ApiInstance;
  let ledger: OrgConnection;

  before(async () => {
    // Small batches, so that a kill shortly after the 202 finds some committed, some in flight, some not yet sent.
    sz = await startApi('SZBank', { port: 3101, env: { OUTBOX_BATCH_SIZE: '25', OUTBOX_CONCURRENCY: '2', OUTBOX_LINGER_MS: '0' } });
    ledger = connectAs('SZBank');
  });
  after(async () => {
    ledger?.close();
    await sz?.dispose();
  });

  it('SIGKILL right after a 202 of a few hundred sides, then restart: every side COMMITTED, each exactly once on the ledger', async () => {
    const uetrs = Array.from({ length: SIDES }, () => newUetr());
    const answer = await call(sz, 'POST', '/payments', { json: { sides: uetrs.map((uetr) => szDebtorSide(uetr)) } });
    assert.equal(answer.status, 202, JSON.stringify(answer.body).slice(0, 500));
    await new Promise((resolve) => setTimeout(resolve, 300));
    sz.kill();
    await new Promise((resolve) => setTimeout(resolve, 300));

    const database = await openDatabase({ type: 'better-sqlite3', path: sz.env.SQLITE_PATH });
    const atCrash = (await database.query('SELECT status, COUNT(*) AS n FROM outbox_items GROUP BY status')) as { status: string; n: number }[];
    await database.destroy();
    const stored = atCrash.reduce((sum, row) => sum + row.n, 0);
    assert.equal(stored, SIDES, 'every accepted side was stored before the 202');
    const pendingAtCrash = atCrash.find((row) => row.status === 'PENDING')?.n ?? 0;
    assert.ok(pendingAtCrash > 0, `the kill came too late to test anything: ${JSON.stringify(atCrash)}`);

    await sz.restart();
    const settled = await settledSubmission(sz, answer.body.submissionId, 180_000);
    assert.equal(settled.items.length, SIDES);
    assert.deepEqual([...new Set(settled.items.map((item) => item.status))], ['COMMITTED'], JSON.stringify(settled.items.filter((item) => item.status !== 'COMMITTED')));

    for (const uetr of uetrs) {
      const payment: PaymentRecord = await getPayment(ledger, uetr);
      assert.deepEqual(Object.keys(payment.sides), ['DEBTOR_AGENT'], uetr);
      assert.equal(payment.status, 'PENDING_COUNTERPARTY');
      assert.equal(payment.trail.length, 0, `${uetr} has a trail: ${JSON.stringify(payment.trail)}`);
      // One version of the record: written once, never rewritten by a resubmission.
      const history = await szHk(ledger).getPaymentHistory(uetr);
      assert.equal(history.versions.length, 1, `${uetr} was written ${history.versions.length} times`);
    }
  });
});

import { strict as assert } from 'node:assert';
import { ApiInstance, startApis } from '../support/api-instance';
import { hkCreditorSide, newUetr, szDebtorSide } from '../support/payments';
import { allPeersCaughtUp, call, settledSubmission } from '../support/write-api';

describe('API write side: working breaks (real API processes on the network)', function () {
  this.timeout(180_000);
  let sz: ApiInstance;
  let hk: ApiInstance;
  let mo: ApiInstance;

  before(async () => {
    [sz, hk, mo] = await startApis([['SZBank', { port: 3101 }], ['HKBank', { port: 3102 }], ['MOBank', { port: 3103 }]]);
  });
  after(async () => {
    await Promise.all([sz, hk, mo].filter(Boolean).map((api) => api.dispose()));
  });

  /** Both banks submit through their APIs; waits for both sides to be committed. */
  async function submitPair(uetr: string, hkOverrides = {}): Promise<void> {
    const fromSz = await call(sz, 'POST', '/payments', { json: { sides: [szDebtorSide(uetr)] } });
    const fromHk = await call(hk, 'POST', '/payments', { json: { sides: [hkCreditorSide(uetr, hkOverrides)] } });
    assert.equal(fromSz.status, 202);
    assert.equal(fromHk.status, 202);
    await settledSubmission(sz, fromSz.body.submissionId);
    await settledSubmission(hk, fromHk.body.submissionId);
  }

  it('resolves a discrepancy once both banks accept it, naming the differing field, never its value', async () => {
    const uetr = newUetr();
    await submitPair(uetr, { interbankSettlementAmount: { amount: '125000.00', currency: 'HKD' } });
    const view = await call(sz, 'GET', `/payments/${uetr}`);
    assert.equal(view.body.payment.status, 'DISCREPANCY');
    assert.deepEqual(view.body.payment.differingFields, ['interbankSettlementAmount']);

    // MOBank's instance knows nothing of an SZ-HK payment: to it the UETR is unknown.
    const third = await call(mo, 'POST', `/payments/${uetr}/accept`, { json: { reason: 'not mine' } });
    assert.equal(third.status, 404, JSON.stringify(third.body));
    const first = await call(sz, 'POST', `/payments/${uetr}/accept`, { json: { reason: '0.50 HKD charge difference, agreed' } });
    assert.equal(first.status, 200, JSON.stringify(first.body));
    assert.match(first.body.transactionId, /^[0-9a-f]{64}$/);
    assert.equal(first.body.changes[0].status, 'DISCREPANCY');
    await allPeersCaughtUp();
    const second = await call(hk, 'POST', `/payments/${uetr}/accept`, { json: { reason: 'agreed with SZBank' } });
    assert.equal(second.status, 200, JSON.stringify(second.body));
    assert.equal(second.body.changes[0].status, 'RESOLVED');
    await allPeersCaughtUp();
    assert.equal((await call(hk, 'GET', `/payments/${uetr}`)).body.payment.status, 'RESOLVED');

    const refused = await call(sz, 'POST', `/payments/${uetr}/accept`, { json: { reason: 'again' } });
    assert.equal(refused.status, 422);
    assert.match(refused.body.error.message, /only a DISCREPANCY can be accepted/);
    assert.match(refused.body.error.transactionId, /^[0-9a-f]{64}$/);
    assert.equal((await call(sz, 'POST', `/payments/${uetr}/accept`, { json: { reason: '' } })).status, 400);
  });

  it('re-reconciles an amended side at once: DISCREPANCY becomes MATCHED', async () => {
    const uetr = newUetr();
    await submitPair(uetr, { endToEndId: 'WRONG-REF' });
    const amended = await call(hk, 'POST', `/payments/${uetr}/amend`, { json: hkCreditorSide(uetr) });
    assert.equal(amended.status, 200, JSON.stringify(amended.body));
    assert.equal(amended.body.transaction, 'amendSide');
    assert.deepEqual(amended.body.changes.map((change: { uetr: string; status: string }) => [change.uetr, change.status]), [[uetr, 'MATCHED']]);
    await allPeersCaughtUp();
    const view = await call(sz, 'GET', `/payments/${uetr}`);
    assert.equal(view.body.payment.status, 'MATCHED');
    assert.ok(view.body.payment.trail.some((step: { action: string; org: string }) => step.action === 'AMEND' && step.org === 'HKBankMSP'));
  });

  it('refuses an amendment of a side the bank does not own, or of another UETR than the path\'s (400)', async () => {
    const uetr = newUetr();
    assert.equal((await call(hk, 'POST', `/payments/${uetr}/amend`, { json: szDebtorSide(uetr) })).status, 400);
    assert.equal((await call(hk, 'POST', `/payments/${uetr}/amend`, { json: hkCreditorSide(newUetr()) })).status, 400);
  });

  it('runs the cut-off page by page: a payment missing its counterparty\'s side becomes UNMATCHED', async () => {
    // A settlement date long past that only this test uses, so the cut-off moves nothing of other tests.
    const uetr = newUetr();
    const answer = await call(sz, 'POST', '/payments', { json: { sides: [szDebtorSide(uetr, { interbankSettlementDate: '2001-02-03' })] } });
    await settledSubmission(sz, answer.body.submissionId);
    const cutOff = await call(sz, 'POST', '/cut-off', { json: { cutOffDate: '2001-02-03' } });
    assert.equal(cutOff.status, 200, JSON.stringify(cutOff.body));
    assert.ok(cutOff.body.changes.some((change: { uetr: string; status: string }) => change.uetr === uetr && change.status === 'UNMATCHED'));
    assert.ok(cutOff.body.transactionIds.length >= 1);
    await allPeersCaughtUp();
    assert.equal((await call(hk, 'GET', `/payments/${uetr}`)).body.payment.status, 'UNMATCHED');

    const future = await call(sz, 'POST', '/cut-off', { json: { cutOffDate: '2999-01-01' } });
    assert.equal(future.status, 422);
    assert.match(future.body.error.message, /has not passed yet/);
    assert.equal((await call(sz, 'POST', '/cut-off', { json: { cutOffDate: 'yesterday' } })).status, 400);
  });
});

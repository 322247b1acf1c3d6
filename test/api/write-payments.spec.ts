import { strict as assert } from 'node:assert';
import { OrgConnection, connectAs } from '../../network/client/org-gateway';
import { ApiInstance, startApis } from '../support/api-instance';
import { getPayment, hkCreditorSide, newUetr, szDebtorSide } from '../support/payments';
import { call, fixture, settledSubmission, withFreshUetrs } from '../support/write-api';

/** True when the ledger has no payment for the UETR. */
async function unknownToLedger(connection: OrgConnection, uetr: string): Promise<boolean> {
  try {
    await getPayment(connection, uetr);
    return false;
  } catch (error) {
    const details = (error as { details?: { message: string }[] }).details ?? [];
    return details.some((detail) => detail.message.includes('no payment recorded'));
  }
}

describe('API write side: payment ingestion (real API processes on the network)', function () {
  this.timeout(180_000);
  let sz: ApiInstance;
  let hk: ApiInstance;
  let mo: ApiInstance;
  let regulator: ApiInstance;
  let ledger: OrgConnection;

  before(async () => {
    [sz, hk, mo, regulator] = await startApis([
      ['SZBank', { port: 3101 }], ['HKBank', { port: 3102 }], ['MOBank', { port: 3103 }], ['PBOC', { port: 3104 }],
    ]);
    ledger = connectAs('SZBank');
  });
  after(async () => {
    ledger?.close();
    await Promise.all([sz, hk, mo, regulator].filter(Boolean).map((api) => api.dispose()));
  });

  it('reconciles a JSON pair: both banks 202, their sides COMMITTED, the payment MATCHED with both sides\' details', async () => {
    const uetr = newUetr();
    const fromSz = await call(sz, 'POST', '/payments', { json: { sides: [szDebtorSide(uetr)] } });
    const fromHk = await call(hk, 'POST', '/payments', { json: { sides: [hkCreditorSide(uetr)] } });
    assert.equal(fromSz.status, 202, JSON.stringify(fromSz.body));
    assert.equal(fromHk.status, 202, JSON.stringify(fromHk.body));
    assert.deepEqual(fromSz.body.items.map((item: { uetr: string; side: string; status: string }) => [item.uetr, item.side, item.status]), [[uetr, 'DEBTOR_AGENT', 'PENDING']]);
    for (const [api, answer] of [[sz, fromSz], [hk, fromHk]] as const) {
      const settled = await settledSubmission(api, answer.body.submissionId);
      assert.equal(settled.items[0].status, 'COMMITTED', JSON.stringify(settled.items[0]));
      assert.match(settled.items[0].transactionId ?? '', /^[0-9a-f]{64}$/);
    }
    const view = await call(sz, 'GET', `/payments/${uetr}`);
    assert.equal(view.status, 200);
    assert.equal(view.body.payment.status, 'MATCHED');
    assert.equal(view.body.details.sides.DEBTOR_AGENT.debtorName, szDebtorSide(uetr).debtorName);
    assert.equal(view.body.details.sides.CREDITOR_AGENT.creditorAccount, hkCreditorSide(uetr).creditorAccount);
  });

  it('accepts a pacs.008 from both banks of the payment: every transaction MATCHED on the ledger', async () => {
    const { text, uetrs } = withFreshUetrs(fixture('pacs008-sz-to-hk.xml'));
    const fromSz = await call(sz, 'POST', '/payments/iso20022', { text });
    const fromHk = await call(hk, 'POST', '/payments/iso20022', { text, contentType: 'text/xml; charset=utf-8' });
    assert.equal(fromSz.status, 202, JSON.stringify(fromSz.body));
    assert.equal(fromHk.status, 202, JSON.stringify(fromHk.body));
    assert.equal(fromSz.body.source, 'pacs.008');
    assert.deepEqual(fromSz.body.items.map((item: { uetr: string }) => item.uetr).sort(), [...uetrs].sort());
    assert.ok(fromHk.body.items.every((item: { side: string }) => item.side === 'CREDITOR_AGENT'));
    await settledSubmission(sz, fromSz.body.submissionId);
    await settledSubmission(hk, fromHk.body.submissionId);
    for (const uetr of uetrs) assert.equal((await getPayment(ledger, uetr)).status, 'MATCHED', uetr);
  });

  it('accepts a CSV of SZBank\'s sides, deciding each row\'s side from its BICs; a row the ledger would refuse refuses the file', async () => {
    const { text, uetrs } = withFreshUetrs(fixture('payments.csv'));
    // The fixture's third row has a line break in its remittance text, which the chaincode refuses.
    const refused = await call(sz, 'POST', '/payments/csv', { text, contentType: 'text/csv' });
    assert.equal(refused.status, 400);
    assert.deepEqual(refused.body.error.problems.map((problem: { transactionIndex: number; path: string }) => [problem.transactionIndex, problem.path]),
      [[2, 'row[2].remittanceInformation']]);
    const answer = await call(sz, 'POST', '/payments/csv', { text: text.replace('2025-114\ncotton', '2025-114 cotton'), contentType: 'text/csv' });
    assert.equal(answer.status, 202, JSON.stringify(answer.body));
    assert.deepEqual(answer.body.items.map((item: { side: string }) => item.side), ['DEBTOR_AGENT', 'DEBTOR_AGENT', 'CREDITOR_AGENT']);
    const settled = await settledSubmission(sz, answer.body.submissionId);
    assert.ok(settled.items.every((item) => item.status === 'COMMITTED'), JSON.stringify(settled.items));
    for (const uetr of uetrs) {
      const payment = await getPayment(ledger, uetr);
      assert.equal(payment.status, 'PENDING_COUNTERPARTY');
      assert.equal(Object.keys(payment.sides).length, 1);
    }
  });

  it('refuses a forged org field (400) and writes nothing', async () => {
    const uetr = newUetr();
    const before = (await call(hk, 'GET', '/submissions')).body.total;
    const topLevel = await call(hk, 'POST', '/payments', { json: { submitterOrg: 'SZBankMSP', sides: [hkCreditorSide(uetr)] } });
    const inSide = await call(hk, 'POST', '/payments', { json: { sides: [{ ...hkCreditorSide(uetr), org: 'SZBankMSP' }] } });
    assert.equal(topLevel.status, 400);
    assert.deepEqual(topLevel.body.error.problems.map((problem: { path: string }) => problem.path), ['submitterOrg']);
    assert.equal(inSide.status, 400);
    assert.deepEqual(inSide.body.error.problems.map((problem: { path: string }) => problem.path), ['sides[0].org']);
    assert.equal((await call(hk, 'GET', '/submissions')).body.total, before);
    assert.ok(await unknownToLedger(ledger, uetr));
  });

  it('refuses fields named like members of every object (constructor, toString) as unknown fields (400) and writes nothing', async () => {
    const uetr = newUetr();
    const before = (await call(hk, 'GET', '/submissions')).body.total;
    const answer = await call(hk, 'POST', '/payments', { json: { sides: [{ ...hkCreditorSide(uetr), constructor: 'SZBankMSP', toString: 'x' }] } });
    assert.equal(answer.status, 400, JSON.stringify(answer.body));
    assert.deepEqual(answer.body.error.problems, ['constructor', 'toString'].map((field) => ({ path: `sides[0].${field}`, reason: 'unknown field' })));
    assert.equal((await call(hk, 'GET', '/submissions')).body.total, before);
    assert.ok(await unknownToLedger(ledger, uetr));
  });

  it('refuses a side the bank does not own: HKBank submitting the DEBTOR_AGENT side with SZBank\'s BIC', async () => {
    const uetr = newUetr();
    const forged = szDebtorSide(uetr, { counterpartyOrg: 'SZBankMSP' });
    const answer = await call(hk, 'POST', '/payments', { json: { sides: [forged] } });
    assert.equal(answer.status, 400, JSON.stringify(answer.body));
    assert.ok(answer.body.error.problems.some((problem: { path: string; reason: string }) =>
      problem.path === 'sides[0].debtorAgentBic' && /not to the submitter HKBankMSP/.test(problem.reason)), JSON.stringify(answer.body));
    assert.ok(await unknownToLedger(ledger, uetr));
  });

  it('refuses XXE, billion laughs and malformed XML (400) with the reason, writing nothing', async () => {
    const before = (await call(sz, 'GET', '/submissions')).body.total;
    for (const name of ['xxe.xml', 'billion-laughs.xml']) {
      const answer = await call(sz, 'POST', '/payments/iso20022', { text: fixture(name) });
      assert.equal(answer.status, 400, `${name}: ${JSON.stringify(answer.body)}`);
      assert.match(answer.body.error.problems[0].reason, /DOCTYPE|ENTITY/);
    }
    const { text, uetrs } = withFreshUetrs(fixture('pacs008-sz-to-hk.xml'));
    const truncated = await call(sz, 'POST', '/payments/iso20022', { text: text.slice(0, Math.floor(text.length * 0.8)) });
    assert.equal(truncated.status, 400, JSON.stringify(truncated.body));
    const badAmount = await call(sz, 'POST', '/payments/iso20022', { text: text.replace(/>250000\.00</, '>250000.001<') });
    assert.equal(badAmount.status, 400, JSON.stringify(badAmount.body));
    assert.ok(badAmount.body.error.problems.some((problem: { messageIndex: number; transactionIndex: number; path: string }) =>
      problem.messageIndex === 0 && problem.transactionIndex === 0 && /IntrBkSttlmAmt/.test(problem.path)), JSON.stringify(badAmount.body));
    assert.equal((await call(sz, 'GET', '/submissions')).body.total, before);
    await new Promise((resolve) => setTimeout(resolve, 500));
    for (const uetr of uetrs) assert.ok(await unknownToLedger(ledger, uetr), uetr);
  });

  it('answers 415 for a content type or message type it does not take, and 413 above MAX_BODY_BYTES', async () => {
    const wrongType = await call(sz, 'POST', '/payments/iso20022', { text: fixture('pacs008-sz-to-hk.xml'), contentType: 'text/plain' });
    assert.equal(wrongType.status, 415);
    const csvAsJson = await call(sz, 'POST', '/payments', { text: fixture('payments.csv'), contentType: 'text/csv' });
    assert.equal(csvAsJson.status, 415);
    const unknownMessage = '<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pacs.004.001.09"><PmtRtr><GrpHdr><MsgId>X</MsgId></GrpHdr></PmtRtr></Document>';
    const unsupported = await call(sz, 'POST', '/payments/iso20022', { text: unknownMessage });
    assert.equal(unsupported.status, 415, JSON.stringify(unsupported.body));
    const huge = await call(sz, 'POST', '/payments/iso20022', { text: `<a>${'x'.repeat(6 * 1024 * 1024)}</a>` });
    assert.equal(huge.status, 413);
  });

  it('replays an Idempotency-Key with the same body and refuses it with another (409)', async () => {
    const key = `test-${newUetr()}`;
    const body = { sides: [szDebtorSide(newUetr())] };
    const first = await call(sz, 'POST', '/payments', { json: body, headers: { 'idempotency-key': key } });
    const again = await call(sz, 'POST', '/payments', { json: body, headers: { 'idempotency-key': key } });
    const other = await call(sz, 'POST', '/payments', { json: { sides: [szDebtorSide(newUetr())] }, headers: { 'idempotency-key': key } });
    assert.equal(first.status, 202);
    assert.equal(again.status, 202);
    assert.equal(again.body.submissionId, first.body.submissionId);
    assert.equal(again.body.replayed, true);
    assert.equal(other.status, 409);
  });

  it('refuses a key of the SZBank instance on the HKBank instance (401), and a viewer key on a write route (403)', async () => {
    const foreign = await fetch(`${hk.url}/payments`, {
      method: 'POST', headers: { ...sz.headers(), 'content-type': 'application/json' }, body: JSON.stringify({ sides: [hkCreditorSide(newUetr())] }),
    });
    assert.equal(foreign.status, 401);
    const viewer = await call(hk, 'POST', '/payments', { json: { sides: [hkCreditorSide(newUetr())] }, role: 'viewer' });
    assert.equal(viewer.status, 403);
  });

  it('gives the regulator\'s instance no write route at all (404)', async () => {
    const uetr = newUetr();
    for (const [route, options] of [
      ['/payments', { json: { sides: [szDebtorSide(uetr)] } }],
      ['/payments/iso20022', { text: fixture('pacs008-sz-to-hk.xml') }],
      ['/payments/csv', { text: fixture('payments.csv'), contentType: 'text/csv' }],
      [`/payments/${uetr}/accept`, { json: { reason: 'x' } }],
      ['/cut-off', { json: { cutOffDate: '2001-01-01' } }],
      ['/documents/anchors', { json: { anchors: [] } }],
      ['/documents/verify', { json: { documentHash: 'a'.repeat(64) } }],
    ] as const) {
      const answer = await call(regulator, 'POST', route, options);
      assert.equal(answer.status, 404, `${route}: ${JSON.stringify(answer.body)}`);
    }
    assert.ok(await unknownToLedger(ledger, uetr));
  });

  it('gives a third bank (MOBank) nothing of an SZ-HK payment: the UETR is as unknown as one never used', async () => {
    const uetr = newUetr();
    const side = szDebtorSide(uetr);
    const answer = await call(sz, 'POST', '/payments', { json: { sides: [side] } });
    await settledSubmission(sz, answer.body.submissionId);
    assert.equal((await call(sz, 'GET', `/payments/${uetr}`)).status, 200, 'SZBank\'s instance has the payment');
    const view = await call(mo, 'GET', `/payments/${uetr}`);
    const never = await call(mo, 'GET', `/payments/${newUetr()}`);
    assert.equal(view.status, 404, JSON.stringify(view.body));
    assert.equal(never.status, 404);
    const withoutUetr = (body: unknown) => JSON.stringify(body).replace(/[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}/g, '<uetr>');
    assert.equal(withoutUetr(view.body), withoutUetr(never.body), 'MOBank\'s answer for the payment differs from its answer for a UETR never used');
    const text = JSON.stringify(view.body);
    for (const secret of [side.debtorName, side.debtorAccount, side.creditorName, side.interbankSettlementAmount.amount]) {
      assert.ok(!text.includes(String(secret)), `MOBank's answer shows ${secret}`);
    }
    assert.equal((await call(mo, 'GET', '/payments/not-a-uetr')).status, 400);
  });
});

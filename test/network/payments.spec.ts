import { strict as assert } from 'node:assert';
import { CommitError, StatusCode } from '@hyperledger/fabric-gateway';
import { PAYMENT_TRANSACTIONS, PaymentSide, PaymentsChangedEvent, transactionName } from '@bayrecon/common';
import { PairPayments } from '../../api/src/fabric/pair-payments';
import { Committed, Committer } from '../../api/src/fabric/typed-contract';
import { connectAs, OrgConnection } from '../../network/client/org-gateway';
import {
  catchUp, chaincodeRefusal, committedOn, endorsersApart, getPayment, hkCreditorSide, ledgerRefusal, newUetr, submitSides as submitSidesFrom,
  szDebtorSide, szHk,
} from '../support/payments';

const decode = <T>(bytes: Uint8Array): T => JSON.parse(Buffer.from(bytes).toString('utf8')) as T;

/** Rejects unless the transaction committed invalid with this validation code. */
const committedInvalid = (code: number) => (error: unknown): boolean => {
  assert.ok(error instanceof CommitError, String(error));
  assert.equal(error.code, code);
  return true;
};


describe('payment reconciliation on the network', () => {
  let sz: OrgConnection;
  let hk: OrgConnection;
  let mo: OrgConnection;
  let regulator: OrgConnection;

  let everyone: OrgConnection[];
  // Every write waits until all four peers have committed it, so the next step reads it from any org.
  const submitSides = (connection: OrgConnection, sides: PaymentSide[]) => submitSidesFrom(connection, sides, everyone);
  const synced = (connection: OrgConnection): PairPayments => szHk(connection, committedOn(everyone));

  before(() => {
    everyone = [sz, hk, mo, regulator] = (['SZBank', 'HKBank', 'MOBank', 'Regulator'] as const).map((org) => connectAs(org));
  });
  after(() => everyone.forEach((connection) => connection.close()));

  describe('reconciling two sides', () => {
    it('keeps one side PENDING_COUNTERPARTY and MATCHES it when the counterparty sends the same payment', async () => {
      const uetr = newUetr();
      const first = await submitSides(sz, [szDebtorSide(uetr)]);
      assert.equal(first.changes[0].status, 'PENDING_COUNTERPARTY');
      const second = await submitSides(hk, [hkCreditorSide(uetr)]);
      assert.deepEqual(second.changes.map((change) => [change.uetr, change.status, change.corridor]), [[uetr, 'MATCHED', 'SZ->HK']]);
      const record = await getPayment(mo, uetr);
      assert.equal(record.status, 'MATCHED');
      assert.deepEqual(Object.keys(record.sides).sort(), ['CREDITOR_AGENT', 'DEBTOR_AGENT']);
    });

    it('names each differing field in public state and never its value', async () => {
      const uetr = newUetr();
      await submitSides(sz, [szDebtorSide(uetr)]);
      const result = await submitSides(hk, [hkCreditorSide(uetr, {
        interbankSettlementAmount: { amount: '125000.00', currency: 'HKD' }, chargeBearer: 'CRED',
      })]);
      assert.equal(result.changes[0].status, 'DISCREPANCY');
      assert.deepEqual(result.changes[0].differingFields, ['interbankSettlementAmount', 'chargeBearer']);
      const publicText = Buffer.from(await szHk(mo).contract.evaluateTransaction(transactionName(PAYMENT_TRANSACTIONS.getPayment), uetr)).toString('utf8');
      for (const secret of ['125000.50', '125000.00', 'Shenzhen Precision Parts', '6222020200112233445', '"CRED"', '"SHAR"']) {
        assert.ok(!publicText.includes(secret), `public state must not contain '${secret}'`);
      }
    });

    it('treats an identical resubmission as a no-op and refuses different content for the same side', async () => {
      const uetr = newUetr();
      await submitSides(sz, [szDebtorSide(uetr)]);
      const again = await submitSides(sz, [szDebtorSide(uetr)]);
      assert.deepEqual(again.counts, { received: 1, changed: 0, unchanged: 1 });
      const message = await ledgerRefusal(submitSides(sz, [szDebtorSide(uetr, { endToEndId: 'OTHER-E2E' })]));
      assert.match(message, /already recorded with different content: use amendSide/);
    });

    it('refuses a whole batch naming every bad record and its index, and writes none of it', async () => {
      const good = newUetr();
      const batch = [
        szDebtorSide(good),
        szDebtorSide(newUetr(), { interbankSettlementAmount: { amount: '10.001', currency: 'HKD' } }),
        szDebtorSide('NOT-A-UETR'),
        szDebtorSide(newUetr(), { interbankSettlementAmount: { amount: '5.00', currency: 'XXY' } }),
      ];
      const message = await ledgerRefusal(submitSides(sz, batch));
      assert.match(message, /batch refused: 3 of 4 sides have errors/);
      assert.match(message, /sides\[1\]\.interbankSettlementAmount: .*more decimals than HKD allows \(2\)/);
      assert.match(message, /sides\[2\]\.uetr: 'NOT-A-UETR' is not a UETR/);
      assert.match(message, /sides\[3\]\.interbankSettlementAmount: currency/);
      assert.match(await ledgerRefusal(getPayment(sz, good)), /no payment recorded/);
    });

    it('refuses a batch of more than 500 sides', async () => {
      const sides = Array.from({ length: 501 }, () => szDebtorSide(newUetr()));
      assert.match(await ledgerRefusal(submitSides(sz, sides)), /expected a JSON array of 1 to 500 sides, got 501 sides/);
    });

    it('reconciles a batch of 500 sides in one transaction with one summarising event', async () => {
      const uetrs = Array.from({ length: 500 }, () => newUetr());
      const first = await submitSides(sz, uetrs.map((uetr) => szDebtorSide(uetr)));
      assert.equal(first.counts.changed, 500);
      const events = await sz.gateway.getNetwork('recon').getChaincodeEvents(szHk(sz).contract.getChaincodeName(), { startBlock: 0n });
      const second = await submitSides(hk, uetrs.map((uetr) => hkCreditorSide(uetr)));
      assert.ok(second.changes.every((change) => change.status === 'MATCHED'));
      try {
        for await (const event of events) {
          if (event.transactionId !== second.txId) continue;
          const summary = decode<PaymentsChangedEvent>(event.payload);
          assert.equal(event.eventName, 'PaymentsChanged');
          assert.deepEqual(summary.counts, { received: 500, changed: 500, unchanged: 0 });
          break;
        }
      } finally {
        events.close();
      }
    });
  });

  describe('exception workflow', () => {
    it('re-reconciles an amended side and keeps the trail in the key history', async () => {
      const uetr = newUetr();
      await submitSides(sz, [szDebtorSide(uetr)]);
      await submitSides(hk, [hkCreditorSide(uetr, { interbankSettlementDate: '2026-11-21' })]);
      const { result: amended } = await synced(hk).amendSide(hkCreditorSide(uetr));
      assert.equal(amended.changes[0].status, 'MATCHED');
      const history = await szHk(regulator).getPaymentHistory(uetr);
      assert.deepEqual(history.versions.map((version) => version.record?.status).reverse(), ['PENDING_COUNTERPARTY', 'DISCREPANCY', 'MATCHED']);
      const record = await getPayment(sz, uetr);
      assert.deepEqual(record.trail.map((step) => [step.action, step.org]), [['AMEND', 'HKBankMSP']]);
    });

    it('resolves a discrepancy once both banks accept it, each only as itself', async () => {
      const uetr = newUetr();
      await submitSides(sz, [szDebtorSide(uetr)]);
      await submitSides(hk, [hkCreditorSide(uetr, { endToEndId: 'HK-OWN-REF' })]);
      const accept = (connection: OrgConnection, reason: string) => synced(connection).acceptDiscrepancy(uetr, reason);
      await accept(hk, 'end-to-end id re-keyed by our gateway');
      assert.equal((await getPayment(sz, uetr)).status, 'DISCREPANCY', 'one acceptance must not resolve it');
      await accept(hk, 'again');
      assert.equal((await getPayment(sz, uetr)).status, 'DISCREPANCY', 'HKBank accepting twice must not count as SZBank');
      await accept(sz, 'confirmed with HKBank by phone');
      const record = await getPayment(regulator, uetr);
      assert.equal(record.status, 'RESOLVED');
      assert.deepEqual(record.acceptances.map((acceptance) => acceptance.org).sort(), ['HKBankMSP', 'SZBankMSP']);
    });

    it('turns a lone side UNMATCHED at a cut-off decided by transaction time', async () => {
      const uetr = newUetr();
      await submitSides(sz, [szDebtorSide(uetr, { interbankSettlementDate: '2026-01-05' })]);
      const tooEarly = await ledgerRefusal(synced(sz).runCutOff('2099-12-31'));
      assert.match(tooEarly, /cutOffDate: '2099-12-31' has not passed yet/);
      let more = true;
      while (more) {
        const { result: page } = await synced(sz).runCutOff('2026-01-05');
        more = page.more;
      }
      const record = await getPayment(hk, uetr);
      assert.equal(record.status, 'UNMATCHED');
      const breaks = await szHk(regulator).listBreaks('SZ->HK', '2026-01-05');
      assert.deepEqual(breaks.breaks.filter((entry) => entry.uetr === uetr), [{ uetr, status: 'UNMATCHED' }]);
    });
  });

  describe('confidentiality', () => {
    it('lets the two banks and the regulator read the details, and not a third bank', async () => {
      const uetr = newUetr();
      await submitSides(sz, [szDebtorSide(uetr)]);
      for (const reader of [sz, hk, regulator]) {
        const details = await szHk(reader).getPaymentDetails(uetr);
        assert.equal(details.sides.DEBTOR_AGENT?.debtorName, 'Shenzhen Precision Parts Co Ltd');
      }
      assert.match(await ledgerRefusal(szHk(mo).getPaymentDetails(uetr)), /MOBankMSP/);
      const refusal = await chaincodeRefusal(szHk(mo).getPaymentDetails(uetr));
      assert.equal(refusal.kind, 'FORBIDDEN');
      assert.match(refusal.message, new RegExp(`'MOBankMSP' cannot read the details of payment '${uetr}': only SZBankMSP, HKBankMSP, RegulatorMSP may`));
    });

    it('keeps the details off a third bank\'s peer, even for a reader entitled to them', async () => {
      const uetr = newUetr();
      await submitSides(sz, [szDebtorSide(uetr)]);
      // The regulator's identity evaluated on MOBank's peer: the chaincode lets the regulator read, but that peer
      // is no member of the SZ-HK collection and holds nothing to read.
      const network = (await import('../../network/client/network-map')).readNetworkMap();
      const regulatorOnMoPeer = connectAs('Regulator', { network: { ...network, orgs: { ...network.orgs, Regulator: { ...network.orgs.Regulator, peerEndpoint: network.orgs.MOBank.peerEndpoint, tlsCaCert: network.orgs.MOBank.tlsCaCert } } } });
      try {
        const message = await ledgerRefusal(szHk(regulatorOnMoPeer).getPaymentDetails(uetr, { endorsingOrganizations: ['MOBankMSP'] }));
        assert.match(message, /missing from pair_HKBank_SZBank on this peer|does not have read access|private data/i);
      } finally {
        regulatorOnMoPeer.close();
      }
    });

    it('never puts the details in the transaction: the block holds neither names, accounts nor amounts', async () => {
      const uetr = newUetr();
      const result = await submitSides(sz, [szDebtorSide(uetr)]);
      const block = Buffer.from(await sz.gateway.getNetwork('recon').getContract('qscc')
        .evaluateTransaction('GetBlockByTxID', 'recon', result.txId));
      assert.ok(block.includes(Buffer.from(uetr)), 'the block holds the transaction');
      for (const secret of ['Shenzhen Precision Parts', '6222020200112233445', 'Kowloon Components', '125000.50', 'INV-']) {
        assert.ok(!block.includes(Buffer.from(secret)), `the block must not contain '${secret}'`);
      }
    });
  });

  describe('who may write what', () => {
    it('refuses HKBank submitting SZBank\'s side, and amending it', async () => {
      const uetr = newUetr();
      const forged = szDebtorSide(uetr);
      const message = await ledgerRefusal(szHk(hk).submitSides([forged]));
      assert.match(message, /counterpartyOrg: 'HKBankMSP' is the submitter itself|belongs to SZBankMSP, not to the submitter HKBankMSP/);
      await submitSides(sz, [szDebtorSide(uetr)]);
      const amend = await ledgerRefusal(szHk(hk).amendSide({ ...szDebtorSide(uetr), counterpartyOrg: 'SZBankMSP', endToEndId: 'FORGED' }));
      assert.match(amend, /not to the submitter HKBankMSP/);
    });

    it('refuses at commit a status change endorsed by one bank where the pair chaincode\'s policy needs both', async () => {
      const uetr = newUetr();
      await submitSides(sz, [szDebtorSide(uetr)]);
      await submitSides(hk, [hkCreditorSide(uetr, { endToEndId: 'HK-REF' })]);
      await assert.rejects(szHk(hk).acceptDiscrepancy(uetr, 'only my own peer endorses', { endorsingOrganizations: ['HKBankMSP'] }),
        committedInvalid(StatusCode.ENDORSEMENT_POLICY_FAILURE));
      assert.deepEqual((await getPayment(sz, uetr)).acceptances, []);
    });

    it('refuses at commit a new side endorsed only by the submitter\'s peer (the pair collection needs both banks)', async () => {
      const uetr = newUetr();
      await assert.rejects(szHk(sz).submitSides([szDebtorSide(uetr)], { endorsingOrganizations: ['SZBankMSP'] }),
        committedInvalid(StatusCode.ENDORSEMENT_POLICY_FAILURE));
      assert.match(await ledgerRefusal(getPayment(sz, uetr)), /no payment recorded/);
    });

    it('refuses the regulator writing business records', async () => {
      const uetr = newUetr();
      const message = await ledgerRefusal(szHk(regulator).submitSides([szDebtorSide(uetr)]));
      assert.match(message, /RegulatorMSP/);
      assert.match(await ledgerRefusal(regulator.documents().anchorDocuments([])), /RegulatorMSP/);
      for (const [write, action] of [
        [() => szHk(regulator).submitSides([szDebtorSide(uetr)]), 'submit payment sides'],
        [() => regulator.documents().anchorDocuments([]), 'anchor documents'],
      ] as const) {
        const refusal = await chaincodeRefusal(write());
        assert.equal(refusal.kind, 'FORBIDDEN', action);
        assert.equal(refusal.message, `RegulatorMSP cannot ${action}: the regulator reads, it does not write business records`);
      }
      assert.match(await ledgerRefusal(getPayment(sz, uetr)), /no payment recorded/);
    });
  });

  describe('concurrency', () => {
    // Retries exactly what Fabric says can succeed on retry, as the API's outbox does: read conflicts and
    // endorsers a block apart ("ProposalResponsePayloads do not match").
    const RETRYABLE: number[] = [StatusCode.MVCC_READ_CONFLICT, StatusCode.PHANTOM_READ_CONFLICT];
    /** Submits once, endorsing again while the endorsers are a block apart; the commit's validation code, however it ends. */
    const oneAttempt: Committer<Committed & { code: number }> = async (proposal) => {
      for (let attempt = 1; ; attempt += 1) {
        try {
          const submitted = await (await proposal.endorse()).submit();
          const status = await submitted.getStatus();
          return { transactionId: status.transactionId, blockNumber: status.blockNumber, result: submitted.getResult(), code: status.code };
        } catch (error) {
          if (!endorsersApart(error)) throw error;
          assert.ok(attempt < 20, 'a batch kept meeting endorsers a block apart');
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      }
    };
    async function submitWithRetry(connection: OrgConnection, sides: PaymentSide[]): Promise<number> {
      const payments = new PairPayments(connection.pairContract('SZBankMSP', 'HKBankMSP'), ['SZBankMSP', 'HKBankMSP'], oneAttempt);
      for (let attempt = 1; ; attempt += 1) {
        const { commit } = await payments.submitSides(sides);
        if (commit.code === StatusCode.VALID) return attempt;
        assert.ok(RETRYABLE.includes(commit.code), `unexpected status ${commit.code}`);
        assert.ok(attempt < 20, 'a batch kept conflicting');
      }
    }

    it('reconciles 1,000 pairs whose two sides the two banks submit at the same time', async () => {
      const uetrs = Array.from({ length: 1000 }, () => newUetr());
      const batches = (make: (uetr: string) => ReturnType<typeof szDebtorSide>) =>
        Array.from({ length: 10 }, (_, index) => uetrs.slice(index * 100, index * 100 + 100).map(make));
      const szBatches = batches((uetr) => szDebtorSide(uetr));
      const hkBatches = batches((uetr) => hkCreditorSide(uetr));
      const attempts = await Promise.all(szBatches.flatMap((batch, index) => [submitWithRetry(sz, batch), submitWithRetry(hk, hkBatches[index])]));
      await catchUp(everyone);
      const statuses = new Map<string, number>();
      for (let start = 0; start < uetrs.length; start += 50) {
        const records = await Promise.all(uetrs.slice(start, start + 50).map((uetr) => getPayment(regulator, uetr)));
        for (const record of records) {
          statuses.set(record.status, (statuses.get(record.status) ?? 0) + 1);
          assert.deepEqual(Object.keys(record.sides).sort(), ['CREDITOR_AGENT', 'DEBTOR_AGENT']);
        }
      }
      assert.deepEqual([...statuses], [['MATCHED', 1000]]);
      console.log(`      ${attempts.filter((count) => count > 1).length} of 20 batches were retried after a read conflict`);
    });
  });
});

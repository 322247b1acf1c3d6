import { strict as assert } from 'node:assert';
import { status as GrpcStatus } from '@grpc/grpc-js';
import { CommitError, GatewayError, StatusCode } from '@hyperledger/fabric-gateway';
import { PAYMENT_TRANSACTIONS, PaymentSide, PaymentsChangedEvent, transactionName } from '@bayrecon/common';
import { PairPayments } from '../../api/src/fabric/pair-payments';
import { Committed, Committer } from '../../api/src/fabric/typed-contract';
import { connectAs, OrgConnection } from '../../network/client/org-gateway';
import {
  catchUp, committedOn, endorseAgainCanSucceed, getPayment, hkCreditorSide, ledgerRefusal, newUetr, notOnTheChannel, submitSides as submitSidesFrom, szDebtorSide, szHk, szHkChannel,
} from '../support/payments';

const decode = <T>(bytes: Uint8Array): T => JSON.parse(Buffer.from(bytes).toString('utf8')) as T;

/** Rejects unless the transaction committed invalid with this validation code. */
const committedInvalid = (code: number) => (error: unknown): boolean => {
  assert.ok(error instanceof CommitError, String(error));
  assert.equal(error.code, code);
  return true;
};


describe('payment reconciliation on the network', () => {
  // The SZ-HK pair's channel has four members: its two banks and the regulators of their jurisdictions, the PBOC
  // (mainland) and the HKMA (Hong Kong). MOBank and the AMCM (Macau) are no members of it.
  let sz: OrgConnection;
  let hk: OrgConnection;
  let mo: OrgConnection;
  let pboc: OrgConnection;
  let hkma: OrgConnection;
  let amcm: OrgConnection;

  let everyone: OrgConnection[];
  // Every write waits until the peers of its channel have committed it, so the next step reads it from any member.
  const submitSides = (connection: OrgConnection, sides: PaymentSide[]) => submitSidesFrom(connection, sides, everyone);
  const synced = (connection: OrgConnection): PairPayments => szHk(connection, committedOn(everyone));
  const NOT_ON_THE_CHANNEL = () => notOnTheChannel(szHkChannel());

  before(() => {
    everyone = [sz, hk, mo, pboc, hkma, amcm] = (['SZBank', 'HKBank', 'MOBank', 'PBOC', 'HKMA', 'AMCM'] as const).map((org) => connectAs(org));
  });
  after(() => everyone.forEach((connection) => connection.close()));

  describe('reconciling two sides', () => {
    it('keeps one side PENDING_COUNTERPARTY and MATCHES it when the counterparty sends the same payment', async () => {
      const uetr = newUetr();
      const first = await submitSides(sz, [szDebtorSide(uetr)]);
      assert.equal(first.changes[0].status, 'PENDING_COUNTERPARTY');
      const second = await submitSides(hk, [hkCreditorSide(uetr)]);
      assert.deepEqual(second.changes.map((change) => [change.uetr, change.status, change.corridor]), [[uetr, 'MATCHED', 'SZ->HK']]);
      const record = await getPayment(hkma, uetr);
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
      const publicText = Buffer.from(await szHk(pboc).contract.evaluateTransaction(transactionName(PAYMENT_TRANSACTIONS.getPayment), uetr)).toString('utf8');
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
      const events = await sz.gateway.getNetwork(szHkChannel()).getChaincodeEvents(szHk(sz).contract.getChaincodeName(), { startBlock: 0n });
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
      const history = await szHk(hkma).getPaymentHistory(uetr);
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
      const record = await getPayment(pboc, uetr);
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
      const breaks = await szHk(pboc).listBreaks('SZ->HK', '2026-01-05');
      assert.deepEqual(breaks.breaks.filter((entry) => entry.uetr === uetr), [{ uetr, status: 'UNMATCHED' }]);
    });
  });

  describe('confidentiality', () => {
    it('lets the two banks and their regulators read the details, and neither a third bank nor another jurisdiction\'s regulator', async () => {
      const uetr = newUetr();
      await submitSides(sz, [szDebtorSide(uetr)]);
      for (const reader of [sz, hk, pboc, hkma]) {
        const details = await szHk(reader).getPaymentDetails(uetr);
        assert.equal(details.sides.DEBTOR_AGENT?.debtorName, 'Shenzhen Precision Parts Co Ltd');
      }
      // Their peers are not on the pair's channel: they hold nothing of it to read, not even the public record.
      for (const outsider of [mo, amcm]) {
        assert.match(await ledgerRefusal(szHk(outsider).getPaymentDetails(uetr)), NOT_ON_THE_CHANNEL());
        assert.match(await ledgerRefusal(getPayment(outsider, uetr)), NOT_ON_THE_CHANNEL());
      }
    });

    it('keeps the payment off a third bank\'s peer, even for a reader entitled to it', async () => {
      const uetr = newUetr();
      await submitSides(sz, [szDebtorSide(uetr)]);
      // The HKMA's identity evaluated on MOBank's peer (at its address and TLS name): the chaincode would let the HKMA
      // read, but that peer is on no channel of the SZ-HK pair and holds nothing to read.
      const network = (await import('../../network/client/network-map')).readNetworkMap();
      const hkmaOnMoPeer = connectAs('HKMA', { network: { ...network, orgs: { ...network.orgs, HKMA: { ...network.orgs.HKMA, peerEndpoint: network.orgs.MOBank.peerEndpoint, peerHostAlias: network.orgs.MOBank.peerHostAlias, tlsCaCert: network.orgs.MOBank.tlsCaCert } } } });
      try {
        assert.match(await ledgerRefusal(szHk(hkmaOnMoPeer).getPaymentDetails(uetr, { endorsingOrganizations: ['MOBankMSP'] })), NOT_ON_THE_CHANNEL());
        assert.match(await ledgerRefusal(getPayment(hkmaOnMoPeer, uetr)), NOT_ON_THE_CHANNEL());
      } finally {
        hkmaOnMoPeer.close();
      }
    });

    it('never puts the details in the transaction: the block holds neither names, accounts nor amounts', async () => {
      const uetr = newUetr();
      const result = await submitSides(sz, [szDebtorSide(uetr)]);
      const block = Buffer.from(await sz.gateway.getNetwork(szHkChannel()).getContract('qscc')
        .evaluateTransaction('GetBlockByTxID', szHkChannel(), result.txId));
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

    it('refuses the pair\'s regulators writing business records', async () => {
      for (const regulator of [pboc, hkma]) {
        const uetr = newUetr();
        const message = await ledgerRefusal(szHk(regulator).submitSides([szDebtorSide(uetr)]));
        assert.match(message, new RegExp(`${regulator.mspId} cannot submit payment sides: a regulator reads`));
        assert.match(await ledgerRefusal(regulator.documents().anchorDocuments([])), new RegExp(regulator.mspId));
        assert.match(await ledgerRefusal(getPayment(sz, uetr)), /no payment recorded/);
      }
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
          if (!endorseAgainCanSucceed(error)) throw error;
          assert.ok(attempt < 20, 'a batch kept meeting endorsers a block apart');
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      }
    };
    async function submitWithRetry(connection: OrgConnection, sides: PaymentSide[]): Promise<number> {
      const payments = new PairPayments(connection.pairContract('SZBankMSP', 'HKBankMSP'), ['SZBankMSP', 'HKBankMSP'], oneAttempt);
      for (let attempt = 1; ; attempt += 1) {
        assert.ok(attempt < 20, 'a batch kept conflicting');
        let code: number;
        try {
          ({ commit: { code } } = await payments.submitSides(sides));
        } catch (error) {
          // On BFT the gateway needs a quorum of the channel's orderers to accept a transaction, and an orderer that
          // has already ordered it (another forwarded it first) answers "request already processed": whether it
          // committed is the ledger's to say. The batch is sent again, as the API's outbox does: a no-op if it did.
          if (!(error instanceof GatewayError && error.code === GrpcStatus.UNAVAILABLE)) throw error;
          continue;
        }
        if (code === StatusCode.VALID) return attempt;
        assert.ok(RETRYABLE.includes(code), `unexpected status ${code}`);
      }
    }

    it('reconciles 1,000 pairs whose two sides the two banks submit at the same time', async () => {
      const uetrs = Array.from({ length: 1000 }, () => newUetr());
      const batches = (make: (uetr: string) => ReturnType<typeof szDebtorSide>) =>
        Array.from({ length: 10 }, (_, index) => uetrs.slice(index * 100, index * 100 + 100).map(make));
      const szBatches = batches((uetr) => szDebtorSide(uetr));
      const hkBatches = batches((uetr) => hkCreditorSide(uetr));
      const attempts = await Promise.all(szBatches.flatMap((batch, index) => [submitWithRetry(sz, batch), submitWithRetry(hk, hkBatches[index])]));
      await catchUp(everyone, [szHkChannel()]);
      const statuses = new Map<string, number>();
      for (let start = 0; start < uetrs.length; start += 50) {
        const records = await Promise.all(uetrs.slice(start, start + 50).map((uetr) => getPayment(hkma, uetr)));
        for (const record of records) {
          statuses.set(record.status, (statuses.get(record.status) ?? 0) + 1);
          assert.deepEqual(Object.keys(record.sides).sort(), ['CREDITOR_AGENT', 'DEBTOR_AGENT']);
        }
      }
      assert.deepEqual([...statuses], [['MATCHED', 1000]]);
      console.log(`      ${attempts.filter((count) => count > 1).length} of 20 batches were sent again (a read conflict, or fewer than a quorum of orderers took it)`);
    });
  });
});

import { strict as assert } from 'node:assert';
import { StatusCode } from '@hyperledger/fabric-gateway';
import { connectAs, OrgConnection } from '../../network/client/org-gateway';
import { submitSynced } from '../support/payments';

interface Heartbeat {
  org: string;
  txId: string;
  at: string;
}

const decode = (bytes: Uint8Array): Heartbeat => JSON.parse(Buffer.from(bytes).toString('utf8')) as Heartbeat;

describe('Fabric Gateway clients on the local network', () => {
  let szBank: OrgConnection;
  let hkBank: OrgConnection;

  before(() => {
    szBank = connectAs('SZBank');
    hkBank = connectAs('HKBank');
  });
  after(() => {
    szBank.close();
    hkBank.close();
  });

  it('commits a transaction submitted as SZBank that HKBank then reads from its own peer', async () => {
    const written = decode(await submitSynced(szBank, 'heartbeat:beat', {}, [szBank, hkBank]));
    assert.equal(written.org, 'SZBankMSP');
    const read = decode(await hkBank.contract.evaluateTransaction('heartbeat:read', 'SZBankMSP'));
    assert.deepEqual(read, written);
  });

  it('commits a transaction submitted as HKBank that SZBank then reads', async () => {
    const written = decode(await submitSynced(hkBank, 'heartbeat:beat', {}, [szBank, hkBank]));
    assert.equal(written.org, 'HKBankMSP');
    const read = decode(await szBank.contract.evaluateTransaction('heartbeat:read', 'HKBankMSP'));
    assert.equal(read.txId, written.txId);
  });

  it('refuses at commit a transaction endorsed by one org where the policy needs two, and keeps state', async () => {
    const before = decode(await szBank.contract.evaluateTransaction('heartbeat:read', 'SZBankMSP'));
    const proposal = szBank.contract.newProposal('heartbeat:beat', { endorsingOrganizations: ['SZBankMSP'] });
    const transaction = await proposal.endorse();
    const commit = await transaction.submit();
    const status = await commit.getStatus();
    assert.equal(status.successful, false);
    assert.equal(status.code, StatusCode.ENDORSEMENT_POLICY_FAILURE);
    const after = decode(await szBank.contract.evaluateTransaction('heartbeat:read', 'SZBankMSP'));
    assert.deepEqual(after, before);
  });

  it('answers a query for a key that was never written with a chaincode error naming it', async () => {
    await assert.rejects(szBank.contract.evaluateTransaction('heartbeat:read', 'NoSuchOrgMSP'), (error: Error) => {
      const details = JSON.stringify((error as { details?: unknown }).details ?? '');
      assert.match(error.message + details, /no heartbeat recorded for org NoSuchOrgMSP/);
      return true;
    });
  });
});

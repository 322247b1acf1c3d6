import { strict as assert } from 'node:assert';
import { CommitError, StatusCode } from '@hyperledger/fabric-gateway';
import { connectAs, OrgConnection } from '../../network/client/org-gateway';
import { committedOn } from '../support/payments';

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
    const { result: written } = await szBank.heartbeats(committedOn([szBank, hkBank])).beat();
    assert.equal(written.org, 'SZBankMSP');
    const read = await hkBank.heartbeats().read('SZBankMSP');
    assert.deepEqual(read, written);
  });

  it('commits a transaction submitted as HKBank that SZBank then reads', async () => {
    const { result: written } = await hkBank.heartbeats(committedOn([szBank, hkBank])).beat();
    assert.equal(written.org, 'HKBankMSP');
    const read = await szBank.heartbeats().read('HKBankMSP');
    assert.equal(read.txId, written.txId);
  });

  it('refuses at commit a transaction endorsed by one org where the policy needs two, and keeps state', async () => {
    const heartbeats = szBank.heartbeats();
    const before = await heartbeats.read('SZBankMSP');
    await assert.rejects(heartbeats.beat({ endorsingOrganizations: ['SZBankMSP'] }), (error: unknown) => {
      assert.ok(error instanceof CommitError, String(error));
      assert.equal(error.code, StatusCode.ENDORSEMENT_POLICY_FAILURE);
      return true;
    });
    const after = await heartbeats.read('SZBankMSP');
    assert.deepEqual(after, before);
  });

  it('answers a query for a key that was never written with a chaincode error naming it', async () => {
    await assert.rejects(szBank.heartbeats().read('NoSuchOrgMSP'), (error: Error) => {
      const details = JSON.stringify((error as { details?: unknown }).details ?? '');
      assert.match(error.message + details, /no heartbeat recorded for org NoSuchOrgMSP/);
      return true;
    });
  });
});

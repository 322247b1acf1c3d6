import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { CommitError, StatusCode } from '@hyperledger/fabric-gateway';
import { common } from '@hyperledger/fabric-protos';
import { loadConfig } from '../../api/src/config/app-config';
import { LedgerClient } from '../../api/src/fabric/ledger-client';
import { OrgConnection, connectAs } from '../../network/client/org-gateway';
import { ApiInstance, apiEnvironment, startApi } from '../support/api-instance';
import { getJson, waitFor } from '../support/read-side';

describe('API ledger client: commits learnt from the peer\'s block stream (real network)', () => {
  const workDir = mkdtempSync(path.join(tmpdir(), 'bayrecon-ledger-commits-'));
  let ledger: LedgerClient;
  let observer: OrgConnection;

  before(async () => {
    ledger = new LedgerClient(loadConfig(apiEnvironment('SZBank', 3331, workDir)));
    ledger.onModuleInit();
    observer = connectAs('SZBank');
    await waitFor('the commit stream to open', async () => (ledger.commitStreamOpen ? true : undefined), 30_000);
  });
  after(() => {
    ledger?.onModuleDestroy();
    observer?.close();
    rmSync(workDir, { recursive: true, force: true });
  });

  it('learns a transaction\'s commit from the stream, in the block where the peer has it', async () => {
    const { commit: submitted, result } = await ledger.heartbeats.beat();
    assert.equal(submitted.commitLearntFrom, 'block stream');
    assert.equal(result.txId, submitted.transactionId);
    const block = common.Block.deserializeBinary(await observer.gateway.getNetwork('recon').getContract('qscc')
      .evaluateTransaction('GetBlockByTxID', 'recon', submitted.transactionId));
    assert.equal(BigInt(block.getHeader()?.getNumber() ?? -1), submitted.blockNumber);
  });

  it('refuses a transaction the peers invalidated, with the validation code the stream gave', async () => {
    // The main chaincode needs two orgs' endorsements: one alone commits as ENDORSEMENT_POLICY_FAILURE.
    await assert.rejects(ledger.heartbeats.beat({ endorsingOrganizations: ['SZBankMSP'] }), (error: unknown) => {
      assert.ok(error instanceof CommitError, String(error));
      assert.equal(error.code, StatusCode.ENDORSEMENT_POLICY_FAILURE);
      return true;
    });
  });

  describe('an API instance', () => {
    let api: ApiInstance;
    before(async () => {
      api = await startApi('HKBank', { port: 3332 });
    });
    after(async () => {
      await api?.dispose();
    });

    it('says on /health that its commits are learnt from the block stream', async () => {
      const health = await waitFor('HKBank\'s commit stream to open', async () => {
        const answer = await getJson<{ peerReachable: boolean; commitStreamOpen: boolean }>(api, '/health');
        return answer.body.commitStreamOpen ? answer.body : undefined;
      }, 30_000);
      assert.equal(health.peerReachable, true);
    });
  });
});

import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { CommitError, StatusCode } from '@hyperledger/fabric-gateway';
import { common } from '@hyperledger/fabric-protos';
import { loadConfig } from '../../api/src/config/app-config';
import { MemberDirectoryService } from '../../api/src/directory/member-directory.service';
import { readDirectoryAtStart } from '../../api/src/directory/read-directory';
import { LedgerClient } from '../../api/src/fabric/ledger-client';
import { readNetworkMap } from '../../network/client/network-map';
import { OrgConnection, connectAs } from '../../network/client/org-gateway';
import { ApiInstance, apiEnvironment, startApi } from '../support/api-instance';
import { getJson, waitFor } from '../support/read-side';

describe('API ledger client: commits learnt from the peer\'s block stream (real network)', () => {
  const workDir = mkdtempSync(path.join(tmpdir(), 'bayrecon-ledger-commits-'));
  let ledger: LedgerClient;
  let observer: OrgConnection;

  before(async () => {
    const config = loadConfig(apiEnvironment('SZBank', 3331, workDir));
    ledger = new LedgerClient(config, new MemberDirectoryService(await readDirectoryAtStart(config.fabric)));
    ledger.onModuleInit();
    observer = connectAs('SZBank');
    await waitFor('the commit stream to open', async () => (ledger.commitStreamOpen ? true : undefined), 30_000);
  });
  after(() => {
    ledger?.onModuleDestroy();
    observer?.close();
    rmSync(workDir, { recursive: true, force: true });
  });

  it('follows the consortium channel and each of its bank\'s pairs\' channels, and no other', () => {
    const network = readNetworkMap();
    const expected = Object.entries(network.channels).filter(([, channel]) => channel.members.includes('SZBank')).map(([name]) => name);
    assert.deepEqual([...ledger.channels()].sort(), expected.sort());
    assert.deepEqual(ledger.channels().filter((channel) => channel.startsWith('pair-')).sort(), ['pair-hkbank-szbank', 'pair-mobank-szbank']);
  });

  it('learns a transaction\'s commit from the stream, in the block where the peer has it', async () => {
    const { commit: submitted, result } = await ledger.heartbeats.beat();
    assert.equal(submitted.commitLearntFrom, 'block stream');
    assert.equal(result.txId, submitted.transactionId);
    const consortium = readNetworkMap().consortiumChannel;
    const block = common.Block.deserializeBinary(await observer.gateway.getNetwork(consortium).getContract('qscc')
      .evaluateTransaction('GetBlockByTxID', consortium, submitted.transactionId));
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

import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Gateway, Wallets, X509Identity } from 'fabric-network';
import { peerOrg, readNetworkMap, stateDir } from '../../network/client/network-map';

// Banks with applications on the deprecated fabric-network SDK must still be able to reach bayrecon.
describe('legacy fabric-network 2.2 client', () => {
  const walletDir = mkdtempSync(path.join(tmpdir(), 'bayrecon-wallet-'));
  const gateway = new Gateway();

  after(() => {
    gateway.disconnect();
    rmSync(walletDir, { recursive: true, force: true });
  });

  it('submits and queries with a generated connection profile and a file-system wallet', async () => {
    const network = readNetworkMap();
    const hk = peerOrg(network, 'HKBank');
    const wallet = await Wallets.newFileSystemWallet(walletDir);
    const identity: X509Identity = {
      type: 'X.509',
      mspId: hk.mspId,
      credentials: { certificate: readFileSync(hk.user.cert, 'utf8'), privateKey: readFileSync(hk.user.key, 'utf8') },
    };
    await wallet.put('hkbank-user', identity);
    const profile = JSON.parse(readFileSync(path.join(stateDir(), 'profiles', 'HKBank.json'), 'utf8')) as Record<string, unknown>;
    await gateway.connect(profile, { wallet, identity: 'hkbank-user', discovery: { enabled: true, asLocalhost: true } });

    const contract = (await gateway.getNetwork(network.consortiumChannel)).getContract(network.chaincode, 'heartbeat');
    const written = JSON.parse((await contract.submitTransaction('beat')).toString()) as { org: string; txId: string };
    assert.equal(written.org, 'HKBankMSP');
    const read = JSON.parse((await contract.evaluateTransaction('read', 'HKBankMSP')).toString()) as { txId: string };
    assert.equal(read.txId, written.txId);
  });
});

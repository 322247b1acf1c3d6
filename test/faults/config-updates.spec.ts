import { strict as assert } from 'node:assert';
import { randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { readNetworkMap, stateDir } from '../../network/client/network-map';
import { runNetworkScript } from '../support/network-scripts';

const SCRIPTS = path.resolve(__dirname, '..', '..', 'network', 'scripts');

/** HKBank's MSP as a channel's configuration holds it, fetched by SZBank's admin (through any orderer that answers). */
function hkBankRevocations(channel: string): string[] {
  const work = mkdtempSync(path.join(tmpdir(), 'bayrecon-config-'));
  try {
    const file = path.join(work, 'config.json');
    execFileSync(path.join(SCRIPTS, 'config-update.sh'), ['fetch', 'SZBank', channel, file], { stdio: ['ignore', 'ignore', 'inherit'] });
    const config = JSON.parse(readFileSync(file, 'utf8')) as {
      channel_group: { groups: { Application: { groups: Record<string, { values: { MSP: { value: { config: { revocation_list?: string[] } } } } }> } } };
    };
    return config.channel_group.groups.Application.groups.HKBankMSP.values.MSP.value.config.revocation_list ?? [];
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/**
 * A channel configuration update is an organisation's own business: it must go through while the organisation's
 * own orderer is down, as long as the channel's other consenters order (BFT, f = 1). `make revoke-identity` fetches
 * and updates the configuration of each of HKBank's channels; with HKBank's orderer killed, each fetch and each
 * update is sent to the next consenter, and the revocation list is in every channel's configuration afterwards.
 */
describe('faults: channel configuration updates with the submitter\'s own orderer down', function () {
  this.timeout(600_000);

  it('revokes an HKBank client identity on every HKBank channel while HKBank\'s orderer is down', async function () {
    const network = readNetworkMap();
    if (network.ordering !== 'bft') this.skip();
    const name = `fault-${randomBytes(4).toString('hex')}`;
    await runNetworkScript('org/identity.sh', 'enrol', 'HKBank', name);
    const channels = Object.keys(network.channels).filter((channel) => network.channels[channel].members.includes('HKBank')
      && network.channels[channel].members.includes('SZBank'));
    const before = new Map(channels.map((channel) => [channel, hkBankRevocations(channel)]));
    await runNetworkScript('node.sh', 'kill', 'orderer-HKBank');
    try {
      await runNetworkScript('org/identity.sh', 'revoke', 'HKBank', name);
    } finally {
      await runNetworkScript('node.sh', 'start', 'orderer-HKBank');
    }
    const crl = readFileSync(path.join(stateDir(), 'orgs', 'HKBank', 'msp', 'crls', 'crl.pem')).toString('base64');
    for (const channel of channels) {
      assert.notDeepEqual(before.get(channel), [crl], `${channel} already held this revocation list`);
      assert.deepEqual(hkBankRevocations(channel), [crl], `HKBank's revocation list on ${channel}`);
    }
  });
});

import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import { stateDir } from '../../network/client/network-map';
import { OrgConnection } from '../../network/client/org-gateway';
import { hkCreditorSide, newUetr, szHk } from '../support/payments';
import { Verdict, assertEveryAttemptRefused, attempt, ledgerRefused } from './attempts';
import { connectClaiming } from './forged-identities';
import { Category } from './security-counts';
import { SecurityWorld } from './world';

const CATEGORY: Category = 'a revoked client identity';
const IDENTITY_SCRIPT = path.resolve(__dirname, '..', '..', 'network', 'scripts', 'org', 'identity.sh');
/** How long the peers may take to apply the configuration blocks that carry the revocation list. */
const REVOCATION_DEADLINE_MS = 60_000;

/** What the peer answers a client whose certificate its org's revocation list names. */
const REVOKED = (channel: string) => new RegExp(`access denied: channel \\[${channel}\\] creator org|certificate has been revoked`);

const identityScript = (command: 'enrol' | 'revoke', org: string, name: string): void => {
  execFileSync(IDENTITY_SCRIPT, [command, org, name], { stdio: ['ignore', 'ignore', 'inherit'] });
};

/**
 * Refused once the call fails as `reason` says. The configuration blocks with the revocation list reach each
 * channel a moment after its update is ordered (a write that also asks another channel can meet the list there
 * first), so until the deadline a call that does not yet fail that way is tried again; the last verdict counts.
 */
async function refusedOnceRevoked(call: () => Promise<unknown>, reason: RegExp): Promise<Verdict> {
  const deadline = Date.now() + REVOCATION_DEADLINE_MS;
  for (;;) {
    const verdict = await ledgerRefused(call(), reason);
    if (verdict.outcome === 'refused' || Date.now() > deadline) return verdict;
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
}

/**
 * Category 6: a client identity its organisation's CA revoked. HKBank's operator enrols a client identity at
 * HKBank's own CA (`make enrol-identity`), which reads and writes on each of HKBank's channels; then revokes it
 * (`make revoke-identity`: the CA's revocation list goes into HKBank's MSP in every channel's configuration), after
 * which every peer refuses it on every channel, for reads and writes alike.
 */
export function describeRevokedIdentity(world: () => SecurityWorld): void {
  describe(CATEGORY, () => {
    it('refuses a client identity of HKBank on every one of its channels once HKBank revoked it at its CA', async function () {
      this.timeout(600_000);
      const { payment, otherPairs, ledger } = world();
      const name = `security-${randomBytes(4).toString('hex')}`;
      identityScript('enrol', 'HKBank', name);
      const msp = path.join(stateDir(), 'orgs', 'HKBank', 'clients', name, 'msp');
      const client: OrgConnection = connectClaiming('HKBank', { cert: path.join(msp, 'signcerts', 'cert.pem'), key: path.join(msp, 'keystore', 'key.pem') });
      const hkMo = client.payments('HKBankMSP', 'MOBankMSP');
      const szHkChannel = ledger.HKBank.directory.bankPair('SZBankMSP', 'HKBankMSP').channel;
      const hkMoChannel = ledger.HKBank.directory.bankPair('HKBankMSP', 'MOBankMSP').channel;
      const pairSzHk = { endorsingOrganizations: ledger.HKBank.directory.paymentEndorsingOrgs('SZBankMSP', 'HKBankMSP') };
      let count = 0;
      const onGateway = async (what: string, verdict: () => Promise<Verdict>) => { count += 1; await attempt(CATEGORY, what, 'gateway', verdict); };
      try {
        // Before the revocation the identity works: the attempts below test the revocation, not a broken identity.
        assert.equal((await szHk(client).getPayment(payment.uetr)).uetr, payment.uetr);
        assert.equal((await hkMo.getPayment(otherPairs.hkMo.uetr)).uetr, otherPairs.hkMo.uetr);
        identityScript('revoke', 'HKBank', name);
        await onGateway(`the revoked identity reads the SZ-HK payment on ${szHkChannel}`, () =>
          refusedOnceRevoked(() => szHk(client).getPayment(payment.uetr), REVOKED(szHkChannel)));
        await onGateway(`the revoked identity submits a side on ${szHkChannel}, endorsed by SZBank's and HKBank's peers`, () =>
          refusedOnceRevoked(() => szHk(client).submitSides([hkCreditorSide(newUetr())], pairSzHk), REVOKED(szHkChannel)));
        await onGateway(`the revoked identity reads the HK-MO payment on ${hkMoChannel}`, () =>
          refusedOnceRevoked(() => hkMo.getPayment(otherPairs.hkMo.uetr), REVOKED(hkMoChannel)));
        await onGateway('the revoked identity records a heartbeat on the consortium channel', () =>
          refusedOnceRevoked(() => client.heartbeats().beat(), REVOKED('consortium')));
      } finally {
        client.close();
      }
      assertEveryAttemptRefused(CATEGORY, count);
    });
  });
}

import { strict as assert } from 'node:assert';
import { ApiInstance } from '../support/api-instance';
import { hkCreditorSide, newUetr, szDebtorSide } from '../support/payments';
import { call, CallOptions } from '../support/write-api';
import { assertEveryAttemptRefused, attempt, refusedWith } from './attempts';
import { Category } from './security-counts';
import { snapshot } from './unchanged';
import { SecurityWorld } from './world';

const CATEGORY: Category = 'another instance\'s key';
const NOT_THIS_INSTANCE = /the API key is not valid on this instance/;
const NO_KEY = /an API key is required/;
const NEEDS_SUBMITTER = /this route needs a 'submitter' key; the key presented is 'viewer'/;

/** Headers that present `key` alone (call() would otherwise add the instance's own key). */
const bearer = (key: string): Record<string, string> => ({ authorization: `Bearer ${key}` });
const NO_AUTHORIZATION = { authorization: '' };

interface KeyAttempt {
  name: string;
  api: ApiInstance;
  method: 'GET' | 'POST';
  route: string;
  options: CallOptions;
  status: number;
  reason: RegExp;
}

/** A key made to look like another instance's: the org in its prefix rewritten, the rest kept. */
const withOrgPrefix = (key: string, org: string): string => key.replace(/^brk_[a-z]+_/, `brk_${org}_`);
/** The same key with its last character changed. */
const garbled = (key: string): string => `${key.slice(0, -1)}${key.endsWith('A') ? 'B' : 'A'}`;

function keyAttempts(world: SecurityWorld): KeyAttempt[] {
  const { SZBank: sz, HKBank: hk, MOBank: mo, PBOC: pboc, HKMA: hkma } = world.api;
  const { uetr } = world.payment;
  const validHash = world.documents.valid.hash;
  const hkSide = { json: { sides: [hkCreditorSide(newUetr())] } };
  const szSide = { json: { sides: [szDebtorSide(newUetr())] } };
  const accept = { json: { reason: 'accepted with a borrowed key' } };
  const foreign = { status: 401, reason: NOT_THIS_INSTANCE };
  const missing = { status: 401, reason: NO_KEY };
  const viewer = { status: 403, reason: NEEDS_SUBMITTER };
  return [
    { name: 'SZBank\'s key on HKBank\'s instance: POST /payments (an HKBank side)', api: hk, method: 'POST', route: '/payments', options: { ...hkSide, headers: bearer(sz.submitterKey) }, ...foreign },
    { name: 'SZBank\'s key on HKBank\'s instance: GET /payments/:uetr (HKBank\'s view, details included)', api: hk, method: 'GET', route: `/payments/${uetr}`, options: { headers: bearer(sz.submitterKey) }, ...foreign },
    { name: 'SZBank\'s key on HKBank\'s instance: POST /payments/:uetr/accept (as HKBank)', api: hk, method: 'POST', route: `/payments/${uetr}/accept`, options: { ...accept, headers: bearer(sz.submitterKey) }, ...foreign },
    { name: 'SZBank\'s key on HKBank\'s instance: POST /payments/:uetr/amend (HKBank\'s side)', api: hk, method: 'POST', route: `/payments/${uetr}/amend`, options: { json: world.payment.creditorSide, headers: bearer(sz.submitterKey) }, ...foreign },
    { name: 'SZBank\'s key on HKBank\'s instance: POST /documents/:hash/revoke (an HKBank anchor)', api: hk, method: 'POST', route: `/documents/${validHash}/revoke`, options: { json: { reason: 'revoked with a borrowed key' }, headers: bearer(sz.submitterKey) }, ...foreign },
    { name: 'SZBank\'s key as X-API-Key on HKBank\'s instance: POST /documents/anchors', api: hk, method: 'POST', route: '/documents/anchors', options: { json: { anchors: [] }, headers: { ...NO_AUTHORIZATION, 'x-api-key': sz.submitterKey } }, ...foreign },
    { name: 'MOBank\'s key on SZBank\'s instance: GET /payments/:uetr (SZBank\'s view, details included)', api: sz, method: 'GET', route: `/payments/${uetr}`, options: { headers: bearer(mo.viewerKey) }, ...foreign },
    { name: 'MOBank\'s key on HKBank\'s instance: GET /payments (HKBank\'s payments)', api: hk, method: 'GET', route: `/payments?settlementDate=${world.payment.settlementDate}`, options: { headers: bearer(mo.viewerKey) }, ...foreign },
    { name: 'HKBank\'s key on MOBank\'s instance: POST /payments', api: mo, method: 'POST', route: '/payments', options: { ...hkSide, headers: bearer(hk.submitterKey) }, ...foreign },
    { name: 'SZBank\'s key on the HKMA\'s instance: GET /regulator/payments/:uetr/history', api: hkma, method: 'GET', route: `/regulator/payments/${uetr}/history`, options: { headers: bearer(sz.viewerKey) }, ...foreign },
    { name: 'MOBank\'s key on the HKMA\'s instance: GET /payments (every bank\'s payments)', api: hkma, method: 'GET', route: `/payments?settlementDate=${world.payment.settlementDate}`, options: { headers: bearer(mo.viewerKey) }, ...foreign },
    { name: 'the PBOC\'s key on the HKMA\'s instance: GET /regulator/reports/end-of-day (another regulator\'s report)', api: hkma, method: 'GET', route: `/regulator/reports/end-of-day?date=${world.payment.settlementDate}`, options: { headers: bearer(pboc.viewerKey) }, ...foreign },
    { name: 'the HKMA\'s key on SZBank\'s instance: POST /payments (an SZBank side)', api: sz, method: 'POST', route: '/payments', options: { ...szSide, headers: bearer(hkma.submitterKey) }, ...foreign },
    { name: 'the HKMA\'s key on SZBank\'s instance: POST /payments/:uetr/accept', api: sz, method: 'POST', route: `/payments/${uetr}/accept`, options: { ...accept, headers: bearer(hkma.submitterKey) }, ...foreign },
    { name: 'the HKMA\'s key on HKBank\'s instance: POST /documents/:hash/revoke', api: hk, method: 'POST', route: `/documents/${validHash}/revoke`, options: { json: { reason: 'regulator via a bank' }, headers: bearer(hkma.submitterKey) }, ...foreign },
    { name: 'SZBank\'s key with its org prefix rewritten to HKBank\'s, on HKBank\'s instance', api: hk, method: 'POST', route: '/payments', options: { ...hkSide, headers: bearer(withOrgPrefix(sz.submitterKey, 'hkbank')) }, ...foreign },
    { name: 'HKBank\'s own key with its last character changed', api: hk, method: 'POST', route: '/payments', options: { ...hkSide, headers: bearer(garbled(hk.submitterKey)) }, ...foreign },
    { name: 'HKBank\'s own key cut short', api: hk, method: 'POST', route: '/payments', options: { ...hkSide, headers: bearer(hk.submitterKey.slice(0, -4)) }, ...foreign },
    { name: 'a made-up key', api: hk, method: 'GET', route: `/payments/${uetr}`, options: { headers: bearer('brk_hkbank_0123456789abcdef_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA') }, ...foreign },
    { name: 'SZBank\'s revoked key on SZBank\'s instance: POST /payments', api: sz, method: 'POST', route: '/payments', options: { ...szSide, headers: bearer(world.revokedKey) }, ...foreign },
    { name: 'no key: POST /payments', api: hk, method: 'POST', route: '/payments', options: { ...hkSide, headers: NO_AUTHORIZATION }, ...missing },
    { name: 'no key: GET /payments/:uetr', api: sz, method: 'GET', route: `/payments/${uetr}`, options: { headers: NO_AUTHORIZATION }, ...missing },
    { name: 'an empty bearer token: POST /payments/:uetr/accept', api: sz, method: 'POST', route: `/payments/${uetr}/accept`, options: { ...accept, headers: { authorization: 'Bearer ' } }, ...missing },
    { name: 'a valid key under another scheme (Authorization: Token)', api: sz, method: 'POST', route: '/payments', options: { ...szSide, headers: { authorization: `Token ${sz.submitterKey}` } }, ...missing },
    { name: 'SZBank\'s viewer key on a write route: POST /payments', api: sz, method: 'POST', route: '/payments', options: { ...szSide, headers: bearer(sz.viewerKey) }, ...viewer },
    { name: 'HKBank\'s viewer key on a write route: POST /documents/:hash/revoke', api: hk, method: 'POST', route: `/documents/${validHash}/revoke`, options: { json: { reason: 'viewer' }, headers: bearer(hk.viewerKey) }, ...viewer },
    { name: 'SZBank\'s viewer key on a write route: POST /payments/:uetr/accept', api: sz, method: 'POST', route: `/payments/${uetr}/accept`, options: { ...accept, headers: bearer(sz.viewerKey) }, ...viewer },
  ];
}

/** Category 1: a key used where it does not belong (another bank's or a regulator's instance), or no valid key at all. */
export function describeKeys(world: () => SecurityWorld): void {
  describe(CATEGORY, () => {
    it('refuses every request with another instance\'s, a revoked, a garbled or a missing key (401), or a viewer key on a write route (403), and changes nothing', async () => {
      const { api, ledger, payment, documents } = world();
      const touched = { regulator: ledger.HKMA, ledger, uetrs: [payment.uetr], documentHashes: [documents.valid.hash], apis: Object.values(api), ledgerHeight: true };
      const before = await snapshot(touched);
      const attempts = keyAttempts(world());
      for (const { name, api: instance, method, route, options, status, reason } of attempts) {
        await attempt(CATEGORY, name, 'API', async () => refusedWith(await call(instance, method, route, options), status, reason));
      }
      assertEveryAttemptRefused(CATEGORY, attempts.length);
      assert.deepEqual(await snapshot(touched), before, 'a refused attempt changed the ledger or an API database');
    });
  });
}

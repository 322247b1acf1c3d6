import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import * as path from 'node:path';
import { NetworkMap, peerOrg, readNetworkMap } from '../../network/client/network-map';

// Faults between hosts (TOPOLOGY=hosts): a bank's host cut off from every other organisation's for 20 s under load,
// and a degraded link. The bank's back office (this test, on the machine) still reaches its API; its API keeps
// accepting sides into its outbox, says through /health what it cannot reach, and once the link heals everything it
// accepted commits exactly once and reconciles.

const SCRIPTS = path.resolve(__dirname, '..', '..', 'network', 'scripts');
const CUT_MS = 20_000;
const SETTLEMENT_DATE = '2026-12-01';

interface Instance {
  url: string;
  key: string;
}

function keyOf(org: string, role: 'submitter' | 'viewer'): string {
  const issued = execFileSync(path.join(SCRIPTS, 'api.sh'), ['cli', org, 'create-key', '--role', role, '--label', 'link faults'], { encoding: 'utf8' });
  return (JSON.parse(issued) as { key: string }).key;
}

function hosts(...args: string[]): void {
  execFileSync(path.join(SCRIPTS, 'hosts.sh'), args, { stdio: 'inherit' });
}

async function call(api: Instance, method: string, route: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${api.url}${route}`, {
    method,
    headers: { authorization: `Bearer ${api.key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(15_000),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** One side of an SZ->HK payment, as the bank whose side it is posts it. */
function side(uetr: string, which: 'DEBTOR_AGENT' | 'CREDITOR_AGENT'): Record<string, unknown> {
  return {
    uetr, side: which, counterpartyOrg: which === 'DEBTOR_AGENT' ? 'HKBankMSP' : 'SZBankMSP', messageType: 'pacs.008',
    endToEndId: `E2E-${uetr.slice(0, 8)}`, instructingAgentBic: 'SZBKCNBSXXX', instructedAgentBic: 'HKBKHKHHXXX',
    debtorAgentBic: 'SZBKCNBSXXX', creditorAgentBic: 'HKBKHKHHXXX', interbankSettlementAmount: { amount: '1250.00', currency: 'HKD' },
    interbankSettlementDate: SETTLEMENT_DATE, chargeBearer: 'SHAR',
  };
}

/** Both banks post a new payment's sides every `everyMs` until stopped; the SZBank API's answers are kept. */
function load(sz: Instance, hk: Instance, everyMs: number): { stop(): Promise<string[]>; szStatuses: number[] } {
  const uetrs: string[] = [];
  const szStatuses: number[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      const uetr = randomUUID();
      const [fromSz, fromHk] = await Promise.all([
        call(sz, 'POST', '/payments', { sides: [side(uetr, 'DEBTOR_AGENT')] }),
        call(hk, 'POST', '/payments', { sides: [side(uetr, 'CREDITOR_AGENT')] }),
      ]);
      szStatuses.push(fromSz.status);
      if (fromSz.status === 202 && fromHk.status === 202) uetrs.push(uetr);
      await new Promise((resolve) => setTimeout(resolve, everyMs));
    }
  })();
  return { szStatuses, stop: async () => { running = false; await loop; return uetrs; } };
}

/** The statuses of the payments settling on the date in an API's projection, by UETR (every page, one request at a time). */
async function projectedStatuses(api: Instance): Promise<Map<string, string>> {
  const statuses = new Map<string, string>();
  let cursor: string | null = null;
  do {
    const { body } = await call(api, 'GET', `/payments?settlementDate=${SETTLEMENT_DATE}&limit=500${cursor === null ? '' : `&cursor=${cursor}`}`);
    for (const item of body.items as { uetr: string; status: string }[]) statuses.set(item.uetr, item.status);
    cursor = body.nextCursor as string | null;
  } while (cursor !== null);
  return statuses;
}

/** Waits until every payment is MATCHED in the API's projection, which follows the blocks its org's peer commits. */
async function allMatched(api: Instance, uetrs: readonly string[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const statuses = await projectedStatuses(api);
    const open = uetrs.filter((uetr) => statuses.get(uetr) !== 'MATCHED');
    if (open.length === 0) return;
    if (Date.now() > deadline) assert.fail(`${open.length} of ${uetrs.length} payments not MATCHED within ${timeoutMs} ms (e.g. ${open[0]}: ${statuses.get(open[0])})`);
    await new Promise((resolve) => setTimeout(resolve, 2_000));
  }
}

/**
 * Each side committed once: a payment's public record has exactly two versions on the ledger (one per side), read
 * from the regulator's peer once the regulator's projection has every payment MATCHED (its peer can be blocks
 * behind SZBank's after a cut: it fetches each block's private details before committing it).
 */
async function committedOnce(regulator: Instance, uetrs: readonly string[]): Promise<void> {
  await allMatched(regulator, uetrs, 180_000);
  for (const uetr of uetrs) {
    const { body } = await call(regulator, 'GET', `/regulator/payments/${uetr}/history`);
    const versions = (body.versions as unknown[] | undefined) ?? [];
    assert.equal(versions.length, 2, `payment ${uetr}: ${versions.length} versions on the ledger, expected one per side`);
  }
}

/** The instances the load goes through and the regulator reads from. */
const INSTANCES = ['SZBank', 'HKBank', 'HKMA'];

describe('hosts topology: faults between hosts', function () {
  this.timeout(600_000);
  let network: NetworkMap;
  let sz: Instance;
  let hk: Instance;
  let hkma: Instance;

  before(function () {
    network = readNetworkMap();
    if (network.topology !== 'hosts') this.skip();
    // The organisations' own instances, on their hosts, as make up starts them.
    for (const org of INSTANCES) execFileSync(path.join(SCRIPTS, 'api.sh'), ['start', org], { stdio: ['ignore', 'inherit', 'inherit'] });
    sz = { url: peerOrg(network, 'SZBank').apiUrl, key: keyOf('SZBank', 'submitter') };
    hk = { url: peerOrg(network, 'HKBank').apiUrl, key: keyOf('HKBank', 'submitter') };
    hkma = { url: peerOrg(network, 'HKMA').apiUrl, key: keyOf('HKMA', 'viewer') };
  });

  after(() => {
    if (network?.topology !== 'hosts') return;
    for (const org of INSTANCES) execFileSync(path.join(SCRIPTS, 'api.sh'), ['stop', org], { stdio: ['ignore', 'inherit', 'inherit'] });
  });

  it('keeps accepting while cut off from the others for 20 s, says what it cannot reach, then commits everything once', async () => {
    const running = load(sz, hk, 250);
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    hosts('cut', 'SZBank');
    let unreachable: string[] = [];
    try {
      const until = Date.now() + CUT_MS;
      while (Date.now() < until) {
        const { body } = await call(sz, 'GET', '/health');
        if ((body.unreachable as string[]).length > 0) unreachable = body.unreachable as string[];
        await new Promise((resolve) => setTimeout(resolve, 2_000));
      }
    } finally {
      hosts('heal', 'SZBank');
    }
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const uetrs = await running.stop();
    assert.ok(running.szStatuses.length > 20, `only ${running.szStatuses.length} sides posted`);
    assert.deepEqual([...new Set(running.szStatuses)], [202], 'SZBank\'s API accepts every side, cut off or not');
    const hkbank = peerOrg(network, 'HKBank').host;
    assert.ok(unreachable.some((node) => node.includes(`${hkbank}:`) && node.includes('HKBankMSP')), `health named ${unreachable.join('; ')}`);
    assert.ok(unreachable.some((node) => node.startsWith('orderer ')), 'health named the orderers it could not reach');
    await allMatched(sz, uetrs, 180_000);
    await committedOnce(hkma, uetrs);
    const { body: healed } = await call(sz, 'GET', '/health');
    assert.deepEqual(healed.unreachable, []);
  });

  it('commits everything once and reconciles over a slow, lossy link', async () => {
    hosts('degrade', 'SZBank', '100ms', '2%');
    let uetrs: string[];
    try {
      const running = load(sz, hk, 300);
      await new Promise((resolve) => setTimeout(resolve, 15_000));
      uetrs = await running.stop();
    } finally {
      hosts('restore', 'SZBank');
    }
    assert.ok(uetrs.length > 10);
    await allMatched(sz, uetrs, 180_000);
    await committedOnce(hkma, uetrs);
  });
});

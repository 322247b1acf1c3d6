import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { peerOrg, readNetworkMap, stateDir } from '../../network/client/network-map';
import { fetchRetryingReset } from '../support/http';

// A power cut of everything: under load through the banks' own API instances (their databases in their
// organisations' state folders), every process of the network and of the APIs gets SIGKILL at the same moment;
// then `make up` resumes the same network. Every side an API accepted commits exactly once and reconciles, the
// projections catch up, and the API keys made before the cut still work.

const SCRIPTS = path.resolve(__dirname, '..', '..', 'network', 'scripts');
const SETTLEMENT_DATE = '2026-11-30';

interface Instance {
  org: string;
  url: string;
  submitter: string;
  viewer: string;
}

const script = (name: string, ...args: string[]): string => execFileSync(path.join(SCRIPTS, name), args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });

function keyOf(org: string, role: string): string {
  return (JSON.parse(script('api.sh', 'cli', org, 'create-key', '--role', role, '--label', 'power cut')) as { key: string }).key;
}

async function call(url: string, key: string, method: string, route: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  // The test's own connections to the instances die with them; an idle one not yet seen closed when a GET reuses
  // it after the restart is a reset that says nothing of the new instance, sent once more (fetchRetryingReset).
  const response = await fetchRetryingReset(`${url}${route}`, {
    method, signal: AbortSignal.timeout(20_000),
    headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  }).catch((error: Error) => {
    // fetch says only "fetch failed"; what failed (refused, reset, timed out) is in its cause
    throw new Error(`${method} ${url}${route}: ${error.message}${error.cause instanceof Error ? ` (${error.cause.message})` : ''}`);
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

function side(uetr: string, which: 'DEBTOR_AGENT' | 'CREDITOR_AGENT'): Record<string, unknown> {
  return {
    uetr, side: which, counterpartyOrg: which === 'DEBTOR_AGENT' ? 'HKBankMSP' : 'SZBankMSP', messageType: 'pacs.008',
    endToEndId: `E2E-${uetr.slice(0, 8)}`, instructingAgentBic: 'SZBKCNBSXXX', instructedAgentBic: 'HKBKHKHHXXX',
    debtorAgentBic: 'SZBKCNBSXXX', creditorAgentBic: 'HKBKHKHHXXX', interbankSettlementAmount: { amount: '880.00', currency: 'HKD' },
    interbankSettlementDate: SETTLEMENT_DATE, chargeBearer: 'SHAR',
  };
}

/** Every process the network's pid files name (the organisations' and the machine's shared ones). */
function everyProcessGroup(): number[] {
  const places = [path.join(stateDir(), 'shared'), ...readdirSync(path.join(stateDir(), 'orgs')).map((org) => path.join(stateDir(), 'orgs', org))];
  return places.flatMap((place) => {
    const pids = path.join(place, 'pids');
    return existsSync(pids) ? readdirSync(pids).map((file) => Number(readFileSync(path.join(pids, file), 'utf8').split(/\s+/)[0])) : [];
  });
}

/** The statuses of the payments settling on the date in an API's projection, by UETR. */
async function projected(api: Instance): Promise<Map<string, string>> {
  const statuses = new Map<string, string>();
  let cursor: string | null = null;
  do {
    const { body } = await call(api.url, api.viewer, 'GET', `/payments?settlementDate=${SETTLEMENT_DATE}&limit=500${cursor === null ? '' : `&cursor=${cursor}`}`);
    for (const item of body.items as { uetr: string; status: string }[]) statuses.set(item.uetr, item.status);
    cursor = body.nextCursor as string | null;
  } while (cursor !== null);
  return statuses;
}

describe('a power cut of every process of the network and the APIs', function () {
  this.timeout(900_000);
  const apis: Instance[] = [];

  before(() => {
    const network = readNetworkMap();
    for (const org of ['SZBank', 'HKBank', 'HKMA']) {
      script('api.sh', 'start', org);
      apis.push({ org, url: peerOrg(network, org).apiUrl, submitter: keyOf(org, 'submitter'), viewer: keyOf(org, 'viewer') });
    }
  });

  after(() => {
    for (const { org } of apis) script('api.sh', 'stop', org);
  });

  it('loses nothing accepted: every side commits once and reconciles after make up, and the keys made before still work', async () => {
    const [sz, hk, hkma] = apis;
    const accepted: string[] = [];
    let posting = true;
    const load = (async () => {
      while (posting) {
        const uetrs = Array.from({ length: 20 }, () => randomUUID());
        try {
          const [fromSz, fromHk] = await Promise.all([
            call(sz.url, sz.submitter, 'POST', '/payments', { sides: uetrs.map((uetr) => side(uetr, 'DEBTOR_AGENT')) }),
            call(hk.url, hk.submitter, 'POST', '/payments', { sides: uetrs.map((uetr) => side(uetr, 'CREDITOR_AGENT')) }),
          ]);
          if (fromSz.status === 202 && fromHk.status === 202) accepted.push(...uetrs);
        } catch {
          // the cut came in the middle of the request: neither answer was seen, so nothing of it counts as accepted
        }
      }
    })();
    await new Promise((resolve) => setTimeout(resolve, 6_000));
    const groups = everyProcessGroup();
    // One kill per process group, all sent before any of them is waited for: no process shuts down cleanly.
    execFileSync('bash', ['-c', groups.map((pid) => `kill -KILL -- -${pid} 2>/dev/null`).join('; ') + '; true']);
    posting = false;
    await load;
    assert.ok(accepted.length >= 40, `only ${accepted.length} payments accepted before the cut`);
    const pending = (await Promise.allSettled([sz, hk].map((api) => call(api.url, api.viewer, 'GET', '/health')))).filter((answer) => answer.status === 'fulfilled');
    assert.equal(pending.length, 0, 'no API survived the cut');

    script('up.sh');
    for (const { org } of apis) script('api.sh', 'start', org);

    const deadline = Date.now() + 600_000;
    // HKMA's too: the versions are read from its peer, which fetches each block's details before committing it.
    for (const api of [sz, hk, hkma]) {
      for (;;) {
        const statuses = await projected(api);
        const open = accepted.filter((uetr) => statuses.get(uetr) !== 'MATCHED');
        if (open.length === 0) break;
        if (Date.now() > deadline) assert.fail(`${api.org}: ${open.length} of ${accepted.length} accepted payments not MATCHED after the cut (e.g. ${open[0]}: ${statuses.get(open[0])})`);
        await new Promise((resolve) => setTimeout(resolve, 2_000));
      }
      // Batches one API accepted and the other did not answer before the cut are not counted, yet their sides are
      // in that API's outbox and commit after the restart, maybe after every accepted payment is MATCHED: the
      // projection catches up once the outboxes are drained, not at the moment the accepted payments match.
      for (;;) {
        const { body: status } = await call(api.url, api.viewer, 'GET', '/projection/status');
        if (status.lagBlocks === 0) break;
        if (Date.now() > deadline) assert.fail(`${api.org}'s projection ${String(status.lagBlocks)} blocks behind its peer after the cut`);
        await new Promise((resolve) => setTimeout(resolve, 1_000));
      }
    }
    for (const uetr of accepted) {
      const { body } = await call(hkma.url, hkma.viewer, 'GET', `/regulator/payments/${uetr}/history`);
      assert.equal((body.versions as unknown[]).length, 2, `payment ${uetr}: each side once on the ledger`);
    }
    // The keys made before the cut, submitter and viewer, still open their instances.
    for (const api of apis) {
      assert.equal((await call(api.url, api.viewer, 'GET', '/projection/status')).status, 200);
    }
    assert.equal((await call(sz.url, sz.submitter, 'POST', '/payments', { sides: [side(randomUUID(), 'DEBTOR_AGENT')] })).status, 202);
  });
});

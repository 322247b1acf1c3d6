import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { CommitError, StatusCode } from '@hyperledger/fabric-gateway';
import { CHAINCODE_NAME, PAYMENT_TRANSACTIONS, PaymentSide, transactionName } from '@bayrecon/common';
import { peerOrg, readNetworkMap, stateDir } from '../../network/client/network-map';
import { OrgConnection, connectAs } from '../../network/client/org-gateway';
import { ApiInstance, startApis } from '../support/api-instance';
import { runNetworkScript } from '../support/network-scripts';
import { AcceptedSide, readLedgerTransactions, sideEvidence } from '../support/ledger-evidence';
import { chainHeight, hkCreditorSide, ledgerMessage, newUetr, szDebtorSide, szHk, szHkChannel } from '../support/payments';
import { Answer, call, settledSubmissions } from '../support/write-api';

// The consortium grows and shrinks on the running network: a bank of Guangzhou is admitted with `make add-bank`
// (its CA, nodes, the consortium channel's update signed by a majority of the members' admins, a channel for its
// pair with each bank of another regime, the chaincode there, the directory change approved on the ledger, its API)
// while SZBank and HKBank keep reconciling through their APIs; it then reconciles with HKBank and MOBank, the
// instances started before it take its BICs without a restart, the regulators of its pairs see its corridors and no
// one else does; `make remove-bank` takes it out again.

const SCRIPTS = path.resolve(__dirname, '..', '..', 'network', 'scripts');
const BANK = 'GZBank';
const BANK_MSP = 'GZBankMSP';
const BIC = 'GZBKCNGZXXX';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A side of a payment from GZBank (debtor agent) to a counterparty (creditor agent): GZBank's or the counterparty's. */
function gzSide(uetr: string, side: PaymentSide['side'], counterparty: string, counterpartyBic: string, currency: string): PaymentSide {
  return szDebtorSide(uetr, {
    side, counterpartyOrg: side === 'DEBTOR_AGENT' ? counterparty : BANK_MSP, debtorAgentBic: BIC, instructingAgentBic: BIC,
    creditorAgentBic: counterpartyBic, instructedAgentBic: counterpartyBic, interbankSettlementAmount: { amount: '88000.25', currency },
  });
}

/** An instance as the test reaches it: one it started, or GZBank's own (make add-bank's) with a key of it. */
type Reachable = ApiInstance | { url: string; key: string };

async function get(api: Reachable, route: string): Promise<Answer> {
  if (!('key' in api)) return call(api, 'GET', route, { role: 'viewer' });
  const response = await fetch(`${api.url}${route}`, { headers: { authorization: `Bearer ${api.key}` } });
  return { status: response.status, body: await response.json() };
}

/** A bank's instance's record of a payment (GET /payments/:uetr) once it reads MATCHED, or its last answer. */
async function matched(api: Reachable, uetr: string, timeoutMs = 60_000): Promise<Answer> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const answer = await get(api, `/payments/${uetr}`);
    if ((answer.status === 200 && answer.body.payment?.status === 'MATCHED') || Date.now() > deadline) return answer;
    await sleep(500);
  }
}

/** The payment as the instance's projection lists it for its corridor and day, or undefined when it lists none. */
async function listed(api: Reachable, uetr: string, corridor: string, waitMs = 0): Promise<{ uetr: string; status: string } | undefined> {
  const deadline = Date.now() + waitMs;
  const settlementDate = szDebtorSide(uetr).interbankSettlementDate;
  for (;;) {
    const answer = await get(api, `/payments?corridor=${encodeURIComponent(corridor)}&settlementDate=${settlementDate}`);
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    const item = (answer.body.items as { uetr: string; status: string }[]).find((payment) => payment.uetr === uetr);
    if ((item !== undefined && item.status === 'MATCHED') || Date.now() >= deadline) return item;
    await sleep(500);
  }
}

describe('membership: a bank admitted into the running network and removed from it', function () {
  this.timeout(1_800_000);
  let sz: ApiInstance;
  let hk: ApiInstance;
  let mo: ApiInstance;
  let pboc: ApiInstance;
  let hkma: ApiInstance;
  let amcm: ApiInstance;
  let reader: OrgConnection;
  /** GZBank's own instance (make add-bank starts it) and a submitter key of it. */
  let gz: { url: string; key: string };
  const gzPayments: Record<'HKBank' | 'MOBank', string> = { HKBank: newUetr(), MOBank: newUetr() };
  let loadUetr: string;

  before(async () => {
    [sz, hk, mo, pboc, hkma, amcm] = await startApis([
      ['SZBank', { port: 3501 }], ['HKBank', { port: 3502 }], ['MOBank', { port: 3503 }],
      ['PBOC', { port: 3504 }], ['HKMA', { port: 3505 }], ['AMCM', { port: 3506 }],
    ]);
    reader = connectAs('HKMA');
  });
  after(async () => {
    reader?.close();
    await Promise.all([sz, hk, mo, pboc, hkma, amcm].map((api) => api?.dispose()));
  });

  it('admits GZBank while SZBank and HKBank reconcile through their APIs: every side of the load on the ledger once, every payment MATCHED', async () => {
    const channel = szHkChannel();
    const fromBlock = await chainHeight(reader, channel);
    const started = Date.now();
    let admitted = false;
    const admission = runNetworkScript('add-bank.sh', BANK, 'GZ', 'GZBKCNGZ', 'Guangzhou Bank (fictional)')
      .then(() => runNetworkScript('api.sh', 'start', BANK))
      .finally(() => { admitted = true; });
    const submissions: { api: ApiInstance; id: string }[] = [];
    const uetrs: string[] = [];
    // 20 payments a second from both banks for as long as the admission takes.
    while (!admitted) {
      const batch = Array.from({ length: 40 }, () => newUetr());
      uetrs.push(...batch);
      for (const [api, side] of [[sz, szDebtorSide], [hk, hkCreditorSide]] as const) {
        const answer = await call(api, 'POST', '/payments', { json: { sides: batch.map((uetr) => side(uetr)) } });
        assert.equal(answer.status, 202, JSON.stringify(answer.body));
        submissions.push({ api, id: answer.body.submissionId as string });
      }
      await sleep(2_000);
    }
    await admission;
    console.log(`      ${BANK} admitted in ${Math.round((Date.now() - started) / 1000)} s under a load of ${uetrs.length} SZ-HK payments`);

    const accepted: AcceptedSide[] = [];
    (await settledSubmissions(submissions)).forEach((settled, index) => {
      assert.deepEqual([...new Set(settled.items.map((item) => item.status))], ['COMMITTED']);
      accepted.push(...settled.items.map((item) => ({ uetr: item.uetr, mspId: `${submissions[index].api.org}MSP` })));
    });
    const evidence = sideEvidence(accepted, await readLedgerTransactions(reader, channel, fromBlock));
    assert.deepEqual({ lost: evidence.lost, committedTwice: evidence.committedTwice, committed: evidence.committed },
      { lost: 0, committedTwice: 0, committed: accepted.length });
    const statuses = new Set<string>();
    for (let from = 0; from < uetrs.length; from += 50) {
      for (const status of await Promise.all(uetrs.slice(from, from + 50).map(async (uetr) => (await szHk(reader).getPayment(uetr)).status))) statuses.add(status);
    }
    assert.deepEqual([...statuses], ['MATCHED']);
    loadUetr = uetrs[0];

    const network = readNetworkMap();
    assert.ok(network.orgs[BANK]?.apiUrl, `${BANK} is in the network map with its API`);
    const { key } = JSON.parse(execFileSync(path.join(SCRIPTS, 'api.sh'), ['cli', BANK, 'create-key', '--role', 'submitter', '--label', 'membership test'],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] })) as { key: string };
    gz = { url: network.orgs[BANK].apiUrl as string, key };
  });

  it('GZBank\'s peer is one of the two endorsers the consortium\'s chaincode needs: the channel policy its definition names grew with the channel', async () => {
    const gzBank = connectAs(BANK);
    try {
      const { result } = await gzBank.heartbeats().beat({ endorsingOrganizations: [BANK_MSP, 'HKBankMSP'] });
      assert.equal(result.org, BANK_MSP);
      await assert.rejects(gzBank.heartbeats().beat({ endorsingOrganizations: [BANK_MSP] }),
        (error: unknown) => error instanceof CommitError && error.code === StatusCode.ENDORSEMENT_POLICY_FAILURE);
    } finally {
      gzBank.close();
    }
  });

  it('GZBank reconciles with HKBank and MOBank through its own API; their instances, started before it, take its BICs without a restart', async () => {
    const counterparts = [['HKBank', hk, 'HKBKHKHHXXX', 'HKD'], ['MOBank', mo, 'MOBKMOMXXXX', 'MOP']] as const;
    for (const [name, api, bic, currency] of counterparts) {
      const uetr = gzPayments[name];
      const ours = await fetch(`${gz.url}/payments`, {
        method: 'POST', headers: { authorization: `Bearer ${gz.key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ sides: [gzSide(uetr, 'DEBTOR_AGENT', `${name}MSP`, bic, currency)] }),
      });
      assert.equal(ours.status, 202, await ours.text());
      const theirs = await call(api, 'POST', '/payments', { json: { sides: [gzSide(uetr, 'CREDITOR_AGENT', `${name}MSP`, bic, currency)] } });
      assert.equal(theirs.status, 202, JSON.stringify(theirs.body));
      assert.equal((await matched(gz, uetr)).body.payment?.status, 'MATCHED', `${BANK}-${name} payment on ${BANK}'s instance`);
      assert.equal((await matched(api, uetr)).body.payment?.status, 'MATCHED', `${BANK}-${name} payment on ${name}'s instance`);
    }
  });

  it('the regulators of its pairs see its corridors, and no one else sees anything of them; GZBank sees nothing of the SZ-HK pair', async () => {
    const uetr = gzPayments.HKBank;
    for (const regulator of [pboc, hkma]) {
      assert.equal((await listed(regulator, uetr, 'GZ->HK', 60_000))?.status, 'MATCHED', `${regulator.org} lists the GZ-HK payment`);
    }
    assert.equal((await listed(amcm, gzPayments.MOBank, 'GZ->MO', 60_000))?.status, 'MATCHED', 'the AMCM lists GZ-MO');
    assert.equal(await listed(amcm, uetr, 'GZ->HK'), undefined, 'the AMCM lists nothing of GZ-HK');
    assert.equal(await listed(sz, uetr, 'GZ->HK'), undefined, 'SZBank lists nothing of GZ-HK');
    assert.equal((await get(sz, `/payments/${uetr}`)).status, 404, 'SZBank knows no GZ-HK payment');
    const own = await fetch(`${gz.url}/payments/${loadUetr}`, { headers: { authorization: `Bearer ${gz.key}` } });
    assert.equal(own.status, 404, 'GZBank sees nothing of the SZ-HK pair');
    const settlementDate = szDebtorSide(uetr).interbankSettlementDate;
    const report = await call(pboc, 'GET', `/regulator/reports/end-of-day?date=${settlementDate}`, { role: 'viewer' });
    assert.equal(report.status, 200, JSON.stringify(report.body));
    const corridors = (report.body.corridors as { corridor: string }[]).map((entry) => entry.corridor);
    assert.ok(corridors.includes('GZ->HK') && corridors.includes('GZ->MO'), `the PBOC's report names GZBank's corridors: ${corridors.join(', ')}`);
  });

  it('removes GZBank: its identity is refused on its pairs\' channels, and its payments stay readable by the other bank and the regulators', async () => {
    await runNetworkScript('remove-bank.sh', BANK);
    // The pair's channel stays, closed; the directory no longer lists the pair, so it is named here.
    const channel = 'pair-gzbank-hkbank';
    // Its API identity, presented through HKBank's peer (the network map lists no peer of a removed bank).
    const network = readNetworkMap();
    const hkPeer = peerOrg(network, 'HKBank');
    const msp = path.join(stateDir(), 'orgs', BANK, 'clients', 'api', 'msp');
    const removed = connectAs(BANK, { network: { ...network, orgs: { ...network.orgs, [BANK]: {
      ...network.orgs[BANK], peerEndpoint: hkPeer.peerEndpoint, peerHostAlias: hkPeer.peerHostAlias, tlsCaCert: hkPeer.tlsCaCert,
      user: { cert: path.join(msp, 'signcerts', 'cert.pem'), key: path.join(msp, 'keystore', 'key.pem') },
    } } } });
    try {
      const contract = removed.gateway.getNetwork(channel).getContract(CHAINCODE_NAME);
      await assert.rejects(contract.evaluateTransaction(transactionName(PAYMENT_TRANSACTIONS.getPayment), gzPayments.HKBank),
        (error: unknown) => new RegExp(`access denied: channel \\[${channel}\\] creator org unknown`).test(ledgerMessage(error)));
    } finally {
      removed.close();
    }
    // The closed pair's payments stay on the channel for its other members: HKBank's peer and the projections.
    const hkBank = connectAs('HKBank');
    try {
      const record = await hkBank.gateway.getNetwork(channel).getContract(CHAINCODE_NAME)
        .evaluateTransaction(transactionName(PAYMENT_TRANSACTIONS.getPayment), gzPayments.HKBank);
      assert.equal((JSON.parse(Buffer.from(record).toString('utf8')) as { status: string }).status, 'MATCHED', 'HKBank\'s peer still holds the GZ-HK payment');
    } finally {
      hkBank.close();
    }
    for (const api of [hk, hkma, pboc]) {
      assert.equal((await listed(api, gzPayments.HKBank, 'GZ->HK'))?.status, 'MATCHED', `${api.org} still lists the GZ-HK payment`);
    }
  });

  it('the removed bank\'s counterparties read its closed pairs\' payments by UETR over HTTP; no other bank does', async () => {
    for (const [name, api] of [['HKBank', hk], ['MOBank', mo]] as const) {
      const answer = await get(api, `/payments/${gzPayments[name]}`);
      assert.equal(answer.status, 200, `${name}: ${JSON.stringify(answer.body)}`);
      assert.deepEqual([answer.body.payment?.status, answer.body.payment?.debtorAgentOrg, answer.body.payment?.creditorAgentOrg],
        ['MATCHED', BANK_MSP, `${name}MSP`], `${name} reads the ${BANK}-${name} payment`);
      assert.deepEqual(Object.keys(answer.body.details?.sides ?? {}).sort(), ['CREDITOR_AGENT', 'DEBTOR_AGENT'],
        `${name}, a party to the payment, reads both sides' details from the closed pair's collection`);
    }
    assert.equal((await get(sz, `/payments/${gzPayments.HKBank}`)).status, 404, 'SZBank, never in the GZ-HK pair, knows no such payment');
    assert.equal((await get(hk, `/payments/${gzPayments.MOBank}`)).status, 404, 'HKBank knows nothing of the GZ-MO pair');
  });
});

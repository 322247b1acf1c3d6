import { execFileSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { buildPacs008 } from '../../api/src/ingest/pacs008-builder';
import { OrgName, orgsOfKind, peerOrg, readNetworkMap } from './network-map';

// A scripted business day between the three banks, through each org's own API instance, with the ISO 20022
// messages the project ships, and the end-of-day report of each jurisdiction's regulator (the PBOC, the HKMA, the
// AMCM), each of the pairs touching its jurisdiction only. Run by `make demo` after `make up`; leaves everything
// running.

const REPO = path.resolve(__dirname, '..', '..');
const FIXTURES = path.join(REPO, 'api', 'fixtures', 'iso20022');
const FIXTURE_DATE = '2025-06-23';
const BATCH_SIZE = 3000;
const today = new Date().toISOString().slice(0, 10);
const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);

interface Instance {
  org: OrgName;
  url: string;
  key: string;
}

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const say = (text: string) => console.log(`\n== ${text}`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const network = readNetworkMap();
const regulatorNames = orgsOfKind(network, 'regulator');

function instance(org: OrgName): Instance {
  const role = regulatorNames.includes(org) ? 'viewer' : 'submitter';
  const issued = execFileSync(path.join(REPO, 'network', 'scripts', 'api.sh'), ['cli', org, 'create-key', '--role', role, '--label', 'demo'], { encoding: 'utf8' });
  return { org, url: peerOrg(network, org).apiUrl, key: (JSON.parse(issued) as { key: string }).key };
}

async function http(api: Instance, method: string, route: string, body?: { json?: unknown; xml?: string; form?: FormData }): Promise<Json> {
  const headers: Record<string, string> = { authorization: `Bearer ${api.key}` };
  let payload: string | FormData | undefined;
  if (body?.json !== undefined) {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(body.json);
  } else if (body?.xml !== undefined) {
    headers['content-type'] = 'application/xml';
    payload = body.xml;
  } else {
    payload = body?.form;
  }
  const response = await fetch(`${api.url}${route}`, { method, headers, body: payload });
  const text = await response.text();
  if (!response.ok) throw new Error(`${api.org} ${method} ${route}: HTTP ${response.status} ${text.slice(0, 500)}`);
  return JSON.parse(text) as Json;
}

/** A shipped message made today's: fresh UETRs (a day is never replayed) and today's settlement date. */
function todays(file: string, settlementDate = today): { xml: string; uetrs: string[] } {
  const uetrs = new Map<string, string>();
  const xml = readFileSync(path.join(FIXTURES, file), 'utf8')
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}/g, (old) => {
      if (!uetrs.has(old)) uetrs.set(old, randomUUID());
      return uetrs.get(old) as string;
    })
    .replaceAll(FIXTURE_DATE, settlementDate);
  return { xml, uetrs: [...uetrs.values()] };
}

/** Both banks of a payment post the same message: each API derives its own side from its own BIC. */
async function bothPost(debtorBank: Instance, creditorBank: Instance, xml: string): Promise<string[]> {
  const submissions = await Promise.all([debtorBank, creditorBank].map((api) => http(api, 'POST', '/payments/iso20022', { xml })));
  await Promise.all(submissions.map((submission, index) => settled([debtorBank, creditorBank][index], submission.submissionId as string)));
  return submissions.map((submission) => submission.submissionId as string);
}

async function settled(api: Instance, submissionId: string): Promise<void> {
  for (let waited = 0; ; waited += 250) {
    const submission = await http(api, 'GET', `/submissions/${submissionId}`);
    const items = submission.items as { status: string; lastError: string | null }[];
    const rejected = items.filter((item) => item.status === 'REJECTED');
    if (rejected.length > 0) throw new Error(`${api.org}: ${rejected.length} sides rejected: ${rejected[0].lastError}`);
    if (items.every((item) => item.status === 'COMMITTED')) return;
    if (waited > 300_000) throw new Error(`${api.org}: submission ${submissionId} not committed after 5 minutes`);
    await sleep(250);
  }
}

async function status(api: Instance, uetr: string): Promise<Json> {
  return (await http(api, 'GET', `/payments/${uetr}`)).payment as Json;
}

function table(header: string[], rows: string[][]): void {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
  const line = (cells: string[]) => cells.map((cell, column) => cell.padEnd(widths[column])).join('  ');
  console.log(line(header));
  console.log(line(widths.map((width) => '-'.repeat(width))));
  rows.forEach((row) => console.log(line(row)));
}

/** A batch of customer transfers between two banks (BICs), as their back offices would send it. */
function transfers(count: number, from: { bic: string; name: string; account: string }, to: { bic: string; prefix: string }, currency: string, tag: string): string {
  return buildPacs008({
    messageId: `${from.bic.slice(0, 4)}${randomBytes(6).toString('hex').toUpperCase()}`, creationDateTime: new Date().toISOString(),
    settlementMethod: 'CLRG', clearingSystem: 'CIP', groupSettlementDate: today,
    transactions: Array.from({ length: count }, (_, index) => ({
      uetr: randomUUID(), endToEndId: `${tag}-${today}-${index}`, amount: `${1000 + (index % 500)}.${String(index % 100).padStart(2, '0')}`,
      currency, debtorAgentBic: from.bic, creditorAgentBic: to.bic, instructingAgentBic: from.bic, instructedAgentBic: to.bic,
      chargeBearer: 'SHAR', debtorName: from.name, debtorAccount: from.account, creditorName: `${to.prefix} ${index}`,
      creditorAccount: `012-${100000 + index}-001`, remittanceInformation: `/INV/${tag}/${index}`,
    })),
  });
}

/** Waits until a regulator's end-of-day report has at least `expected` payments; returns it. */
async function endOfDay(regulator: Instance, date: string, expected: number): Promise<Json> {
  let report: Json = {};
  for (let waited = 0; waited < 120_000; waited += 500) {
    report = await http(regulator, 'GET', `/regulator/reports/end-of-day?date=${date}`);
    if ((report.totals.payments as number) >= expected) break;
    await sleep(500);
  }
  return report;
}

async function main(): Promise<void> {
  const [sz, hk, mo] = (['SZBank', 'HKBank', 'MOBank'] as const).map(instance);
  const regulators = regulatorNames.map(instance);
  console.log(`bayrecon demo: business day ${today}; each bank talks only to its own API and peer`);

  say('09:00 SZBank pays HKBank: a pacs.008 with 3 customer transfers (CNY and HKD), booked by both banks');
  const morning = todays('pacs008-sz-to-hk.xml');
  await bothPost(sz, hk, morning.xml);
  for (const uetr of morning.uetrs) {
    const payment = await status(sz, uetr);
    console.log(`  ${uetr}  ${payment.corridor}  ${payment.status}`);
  }

  say('10:30 HKBank pays MOBank: a pacs.009 bank transfer in MOP');
  const interbank = todays('pacs009-hk-to-mo.xml');
  await bothPost(hk, mo, interbank.xml);
  for (const uetr of interbank.uetrs) console.log(`  ${uetr}  ${(await status(hk, uetr)).status}`);

  say('11:15 a break: HKBank sends HKD 1,250,000.00 to SZBank; SZBank\'s back office booked HKD 1,205,000.00');
  const single = todays('pacs008-cbpr-single.xml');
  const [discrepant] = single.uetrs;
  const szBooking = single.xml.replaceAll('1250000.00', '1205000.00');
  await Promise.all([
    http(hk, 'POST', '/payments/iso20022', { xml: single.xml }).then((submission) => settled(hk, submission.submissionId as string)),
    http(sz, 'POST', '/payments/iso20022', { xml: szBooking }).then((submission) => settled(sz, submission.submissionId as string)),
  ]);
  const broken = await status(sz, discrepant);
  console.log(`  ${discrepant}  ${broken.status}, differing: ${(broken.differingFields as string[]).join(', ')} (names only: the amounts stay private)`);
  await http(sz, 'POST', `/payments/${discrepant}/accept`, { json: { reason: 'FX conversion booked at the agreed rate; difference settled outside' } });
  await http(hk, 'POST', `/payments/${discrepant}/accept`, { json: { reason: 'confirmed with SZBank treasury' } });
  console.log(`  both banks accepted: ${(await status(hk, discrepant)).status}`);

  say(`14:00 HKBank's payment to SZBank settling ${yesterday} that SZBank never booked; the cut-off for ${yesterday} runs`);
  const orphan = todays('pacs008-cbpr-single.xml', yesterday);
  const orphanSubmission = await http(hk, 'POST', '/payments/iso20022', { xml: orphan.xml });
  await settled(hk, orphanSubmission.submissionId as string);
  await http(hk, 'POST', '/cut-off', { json: { cutOffDate: yesterday } });
  console.log(`  ${orphan.uetrs[0]}  ${(await status(hk, orphan.uetrs[0])).status}`);

  say('15:00 SZBank pays MOBank: a pacs.008 with 2 customer transfers in MOP, booked by both banks (a pair HKBank\'s and the HKMA\'s peers never hold)');
  const shenzhenParts = { bic: 'SZBKCNBSXXX', name: 'Shenzhen Precision Parts Co Ltd', account: '6222020200112233445' };
  const toMacau = transfers(2, shenzhenParts, { bic: 'MOBKMOMXXXX', prefix: 'Macau Trading' }, 'MOP', 'SZMO');
  await bothPost(sz, mo, toMacau);
  const toMacauUetrs = [...toMacau.matchAll(/<UETR>([^<]+)<\/UETR>/g)].map((match) => match[1]);
  for (const uetr of toMacauUetrs) console.log(`  ${uetr}  ${(await status(mo, uetr)).status}`);

  say(`16:00 the day's bulk file: ${BATCH_SIZE} SZBank -> HKBank transfers in one pacs.008, booked by both banks`);
  const bulk = transfers(BATCH_SIZE, shenzhenParts, { bic: 'HKBKHKHHXXX', prefix: 'Kowloon Supplier' }, 'HKD', 'BULK');
  const started = Date.now();
  await bothPost(sz, hk, bulk);
  const seconds = (Date.now() - started) / 1000;
  console.log(`  ${2 * BATCH_SIZE} sides accepted, committed and reconciled in ${seconds.toFixed(1)} s (${Math.round((2 * BATCH_SIZE) / seconds)} sides/s)`);

  say('17:00 SZBank verifies a Hong Kong statement against the hash HKBank anchored (only the hash crosses)');
  const statement = readFileSync(path.join(FIXTURES, 'camt053-hk-statement.xml'));
  const issued = Buffer.concat([statement, Buffer.from(`<!-- issued ${randomUUID()} -->\n`)]);
  const form = (bytes: Buffer, fields: Record<string, string>) => {
    const data = new FormData();
    data.append('file', new Blob([bytes]), 'statement.xml');
    for (const [name, value] of Object.entries(fields)) data.append(name, value);
    return data;
  };
  await http(hk, 'POST', '/documents/anchors', { form: form(issued, {
    documentType: 'STATEMENT', subjectRef: `subj:${randomBytes(4).toString('hex')}`, validFrom: today, validUntil: `${Number(today.slice(0, 4)) + 1}${today.slice(4)}`, consentRef: 'consent:demo-001',
  }) });
  const genuine = await http(sz, 'POST', '/documents/verify', { form: form(issued, { purpose: 'account opening' }) });
  const tampered = await http(sz, 'POST', '/documents/verify', { form: form(Buffer.from(issued.toString().replace('CLBD', 'OPBD')), { purpose: 'account opening' }) });
  console.log(`  the copy HKBank issued: ${genuine.result}; a copy altered in transit: ${tampered.result}`);

  // Each regulator reports the pairs touching its jurisdiction: the PBOC SZ-HK and SZ-MO, the HKMA SZ-HK and HK-MO,
  // the AMCM SZ-MO and HK-MO.
  const szHkPayments = morning.uetrs.length + 1 + BATCH_SIZE;
  const expected: Record<string, number> = {
    PBOC: szHkPayments + toMacauUetrs.length, HKMA: szHkPayments + interbank.uetrs.length, AMCM: toMacauUetrs.length + interbank.uetrs.length,
  };
  const statusNames = ['MATCHED', 'RESOLVED', 'DISCREPANCY', 'PENDING_COUNTERPARTY', 'UNMATCHED'];
  for (const regulator of regulators) {
    say(`18:00 the ${regulator.org}'s end-of-day report for ${today}: the pairs of its jurisdiction, no other`);
    const report = await endOfDay(regulator, today, expected[regulator.org] ?? 0);
    const byCorridor = new Map<string, Map<string, number>>();
    for (const line of report.payments as Json[]) {
      const statuses = byCorridor.get(line.corridor) ?? new Map<string, number>();
      statuses.set(line.status, (statuses.get(line.status) ?? 0) + 1);
      byCorridor.set(line.corridor, statuses);
    }
    table(['corridor', 'payments', ...statusNames], [...byCorridor].map(([corridor, statuses]) => [
      corridor, String([...statuses.values()].reduce((a, b) => a + b, 0)), ...statusNames.map((name) => String(statuses.get(name) ?? 0)),
    ]));
    console.log('\n  each payment with the block and transaction that prove its status (first rows and every one not MATCHED):');
    const lines = (report.payments as Json[]).filter((line, index) => index < 3 || line.status !== 'MATCHED');
    table(['uetr', 'corridor', 'status', 'block', 'transaction'], lines.map((line) => [line.uetr, line.corridor, line.status, String(line.blockNumber), `${String(line.transactionId).slice(0, 16)}…`]));
    const yesterdays = await http(regulator, 'GET', `/regulator/reports/end-of-day?date=${yesterday}`);
    console.log(`\n  ${yesterday}: ${yesterdays.totals.payments} payment(s), UNMATCHED ${yesterdays.totals.byStatus.UNMATCHED}`);
  }

  say('the APIs stay up');
  for (const api of [sz, hk, mo, ...regulators]) console.log(`  ${api.org.padEnd(10)} ${api.url}   OpenAPI: ${api.url}/docs   demo key: ${api.key}`);
  console.log('  make status   shows every node; make down stops everything and removes the state');
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});

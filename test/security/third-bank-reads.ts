import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { OrgName, stateDir } from '../../network/client/network-map';
import { szHk } from '../support/payments';
import { call } from '../support/write-api';
import { Verdict, assertEveryAttemptRefused, attempt, ledgerRefused, refusedWith, withheld } from './attempts';
import { Category } from './security-counts';
import { snapshot } from './unchanged';
import { SecurityWorld } from './world';

const CATEGORY: Category = 'a third bank reading details';

/** Every file under a folder (a peer's ledger folder holds a few hundred). */
function filesUnder(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name));
}

/** Which of the secrets some file under `folder` contains, byte for byte. */
function secretsIn(folder: string, secrets: readonly string[]): string[] {
  const files = filesUnder(folder);
  return secrets.filter((secret) => files.some((file) => readFileSync(file).includes(Buffer.from(secret))));
}

/**
 * Refused when no file under `folder` holds any of the secrets, provided every control folder (the payment's
 * own banks' copies) holds them: otherwise a search that finds nothing proves nothing (they could be stored
 * compressed).
 */
function filesWithout(what: string, folder: string, controls: Record<string, string>, secrets: readonly string[]): Verdict {
  const leaked = secretsIn(folder, secrets);
  if (leaked.length > 0) return { outcome: 'accepted', detail: `${what} hold ${leaked.join(', ')}` };
  const blind = Object.entries(controls).filter(([, control]) => secretsIn(control, secrets).length < secrets.length).map(([name]) => name);
  if (blind.length > 0) return { outcome: 'wrong reason', detail: `the search is blind: ${blind.join(', ')} do not show the details either` };
  return { outcome: 'refused', detail: `none of ${secrets.length} detail value(s) in ${what}; ${Object.keys(controls).join(' and ')} hold them` };
}

const peerFolder = (org: OrgName): string => path.join(stateDir(), 'peers', org);

/**
 * Category 4: MOBank reading the details of an SZBank->HKBank payment: through its API's routes, through the
 * gateway on every peer (its own and the payment's banks'), in the block, and in its own peer's and API's files.
 */
export function describeThirdBankReads(world: () => SecurityWorld): void {
  describe(CATEGORY, () => {
    it('gives MOBank no detail of an SZ-HK payment, on any route, peer or file, and changes nothing', async () => {
      const { api, ledger, payment, streams } = world();
      const mo = api.MOBank;
      const { uetr, settlementDate, secrets } = payment;
      const touched = { regulator: ledger.Regulator, uetrs: [uetr], documentHashes: [], apis: Object.values(api), ledgerHeight: true };
      const before = await snapshot(touched);
      const revealing = [uetr, ...secrets];
      const overHttp: [string, string, (answer: Awaited<ReturnType<typeof call>>) => Verdict][] = [
        ['GET /payments/:uetr: the public record only', `/payments/${uetr}`, (answer) => withheld(answer, 200, secrets, 'the public record, no details')],
        ['GET /payments?settlementDate: the payment is not listed', `/payments?settlementDate=${settlementDate}`, (answer) => withheld(answer, 200, revealing, 'not listed')],
        ['GET /payments?corridor=SZ->HK', `/payments?corridor=SZ->HK&settlementDate=${settlementDate}`, (answer) => withheld(answer, 200, revealing, 'not listed')],
        ['GET /breaks?settlementDate: the discrepancy is not listed', `/breaks?settlementDate=${settlementDate}`, (answer) => withheld(answer, 200, revealing, 'not listed')],
        ['GET /payments/:uetr/events', `/payments/${uetr}/events`, (answer) => refusedWith(answer, 404, /not projected here/)],
        ['GET /regulator/payments/:uetr/history (the regulator\'s route)', `/regulator/payments/${uetr}/history`, (answer) => refusedWith(answer, 404, /Cannot GET/)],
        ['GET /regulator/reports/end-of-day (the regulator\'s route)', `/regulator/reports/end-of-day?date=${settlementDate}`, (answer) => refusedWith(answer, 404, /Cannot GET/)],
      ];
      for (const [name, route, judge] of overHttp) {
        await attempt(CATEGORY, `MOBank's instance: ${name}`, 'API', async () => judge(await call(mo, 'GET', route, { role: 'viewer' })));
      }
      await attempt(CATEGORY, 'MOBank\'s instance: GET /events (SSE) while the payment was written', 'API', async () => {
        if (!streams.sz.received().includes(uetr)) return { outcome: 'wrong reason', detail: 'SZBank\'s stream did not carry the payment either: the stream shows nothing' };
        return withheld({ status: 200, body: streams.mo.received() }, 200, revealing, 'no change of the payment on MOBank\'s stream; SZBank\'s carried it');
      });

      const payments = szHk(ledger.MOBank);
      const on = (peerOrg: string) => ({ endorsingOrganizations: [peerOrg] });
      const CANNOT_READ_DETAILS = /'MOBankMSP' cannot read the details of payment/;
      const onGateway: [string, () => Promise<unknown>, RegExp][] = [
        ['payment:getPaymentDetails on its own peer', () => payments.getPaymentDetails(uetr, on('MOBankMSP')), CANNOT_READ_DETAILS],
        ['payment:getPaymentDetails on SZBank\'s peer (a member of the pair\'s collection)', () => payments.getPaymentDetails(uetr, on('SZBankMSP')), CANNOT_READ_DETAILS],
        ['payment:getPaymentDetails on HKBank\'s peer', () => payments.getPaymentDetails(uetr, on('HKBankMSP')), CANNOT_READ_DETAILS],
        ['payment:getPaymentDetails on the regulator\'s peer', () => payments.getPaymentDetails(uetr, on('RegulatorMSP')), CANNOT_READ_DETAILS],
        ['payment:getPaymentHistory on SZBank\'s peer', () => payments.getPaymentHistory(uetr, on('SZBankMSP')), /'MOBankMSP' cannot read the history of payment/],
        ['payment:listBreaks of corridor SZ->HK', () => payments.listBreaks('SZ->HK', settlementDate, on('SZBankMSP')), /'MOBankMSP' cannot list the breaks of corridor SZ->HK/],
      ];
      for (const [name, read, reason] of onGateway) {
        await attempt(CATEGORY, `MOBank's identity: ${name}`, 'gateway', () => ledgerRefused(read(), reason));
      }
      await attempt(CATEGORY, 'MOBank\'s identity: the blocks of both sides\' transactions (qscc GetBlockByTxID)', 'gateway', async () => {
        const record = await payments.getPayment(uetr);
        const qscc = ledger.MOBank.gateway.getNetwork('recon').getContract('qscc');
        const blocks = await Promise.all(Object.values(record.sides).map((side) => qscc.evaluateTransaction('GetBlockByTxID', 'recon', side.txId)));
        return withheld({ status: 200, body: blocks.map((block) => Buffer.from(block).toString('latin1')).join('\n') }, 200, secrets, `${blocks.length} blocks, no detail in them`);
      });

      // The account number alone: of the values holding this run's marker it comes first in a side's canonical JSON,
      // so it stays literal even where LevelDB keeps a table compressed; the name and the amounts may not.
      const stored = [secrets[1]];
      await attempt(CATEGORY, 'MOBank\'s peer\'s files (ledger, private data store, transient store)', 'storage', async () =>
        filesWithout('MOBank\'s peer files', peerFolder('MOBank'), { 'SZBank\'s peer files': peerFolder('SZBank'), 'HKBank\'s peer files': peerFolder('HKBank') }, stored));
      await attempt(CATEGORY, 'MOBank\'s API files (database, log)', 'storage', async () =>
        filesWithout('MOBank\'s API files', path.dirname(mo.env.SQLITE_PATH), { 'SZBank\'s API files': path.dirname(api.SZBank.env.SQLITE_PATH) }, stored));

      assertEveryAttemptRefused(CATEGORY, overHttp.length + 1 + onGateway.length + 1 + 2);
      assert.deepEqual(await snapshot(touched), before, 'a read changed the ledger or an API database');
    });
  });
}

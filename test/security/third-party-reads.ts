import { strict as assert } from 'node:assert';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { OrgName, readNetworkMap, stateDir } from '../../network/client/network-map';
import { OrgConnection } from '../../network/client/org-gateway';
import { ApiInstance } from '../support/api-instance';
import { newUetr, notAMember, notOnTheChannel, sidesOf, szHk, szHkChannel } from '../support/payments';
import { Answer, call } from '../support/write-api';
import { asAdmin } from './admin-cli';
import { Verdict, assertEveryAttemptRefused, attempt, ledgerRefused, refusedWith, withheld } from './attempts';
import { connectVia } from './forged-identities';
import { Category, Channel } from './security-counts';
import { snapshot } from './unchanged';
import { SecurityWorld } from './world';

const CATEGORY: Category = 'a third party learning of a pair';

/** Every file under a folder (an organisation's state folder holds a few hundred). */
function filesUnder(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name));
}

/** Every file and folder under a folder whose name mentions `name`. */
function entriesNamed(folder: string, name: string): string[] {
  return readdirSync(folder, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.name.includes(name))
    .map((entry) => path.join(entry.parentPath, entry.name));
}

/** Which of the needles some file under `folder` contains, byte for byte. */
function foundIn(folder: string, needles: readonly Buffer[]): Buffer[] {
  const left = new Set(needles);
  for (const file of filesUnder(folder)) {
    if (left.size === 0) break;
    const bytes = readFileSync(file);
    for (const needle of left) if (bytes.includes(needle)) left.delete(needle);
  }
  return needles.filter((needle) => !left.has(needle));
}

/** A UETR as text, and as the 16 bytes it names (how a binary encoding would hold it). */
const forms = (uetr: string): Buffer[] => [Buffer.from(uetr), Buffer.from(uetr.replaceAll('-', ''), 'hex')];

/**
 * Refused when no file under `folder` holds any of the needles, provided every control folder (the payment's own
 * banks' copies) holds each of the `controlled` ones: otherwise a search that finds nothing proves nothing (they
 * could be stored compressed).
 */
function filesWithout(what: string, folder: string, needles: readonly Buffer[], controls: Record<string, string>, controlled: readonly Buffer[]): Verdict {
  const leaked = foundIn(folder, needles);
  if (leaked.length > 0) return { outcome: 'accepted', detail: `${what} hold ${leaked.length} of them, e.g. ${leaked[0].toString('latin1').slice(0, 40)}` };
  const blind = Object.entries(controls).filter(([, control]) => foundIn(control, controlled).length < controlled.length).map(([name]) => name);
  if (blind.length > 0) return { outcome: 'wrong reason', detail: `the search is blind: ${blind.join(', ')} do not show them either` };
  return { outcome: 'refused', detail: `none of ${needles.length} byte strings in ${what}; ${Object.keys(controls).join(' and ')} hold the ${controlled.length} searched for there`, layer: 'channel' };
}

/**
 * Refused when the answer is a refusal (4xx) that reads exactly as the answer for a UETR nobody ever used, the UETR
 * and transaction ids aside: a route that takes a UETR tells nothing of whether the pair records it.
 */
function unknownAsNeverUsed(answer: Answer, never: Answer): Verdict {
  const masked = (body: unknown) => JSON.stringify(body)
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}/g, '<uetr>').replace(/\b[0-9a-f]{64}\b/g, '<txid>');
  if (answer.status < 400 || answer.status >= 500) return { outcome: answer.status < 300 ? 'accepted' : 'wrong reason', detail: `${answer.status} ${JSON.stringify(answer.body).slice(0, 300)}` };
  if (never.status !== answer.status || masked(answer.body) !== masked(never.body)) {
    return { outcome: 'accepted', detail: `${answer.status}, but not as for an unused UETR: ${masked(answer.body).slice(0, 200)} against ${never.status} ${masked(never.body).slice(0, 200)}` };
  }
  return { outcome: 'refused', detail: `${answer.status} as for a UETR never used: ${masked(answer.body).slice(0, 160)}`, layer: 'channel' };
}

/** Refused when the command fails in the way `reason` says (an operator's command refused, or a channel unknown). */
function adminRefused(outcome: { ok: boolean; output: string }, reason: RegExp): Verdict {
  const output = outcome.output.replace(/\s+/g, ' ');
  if (outcome.ok) return { outcome: 'accepted', detail: `succeeded: ${output.slice(0, 300)}` };
  return reason.test(output) ? { outcome: 'refused', detail: output.slice(0, 240), layer: 'channel' } : { outcome: 'wrong reason', detail: `expected ${reason}, got ${output.slice(0, 300)}` };
}

/** Refused when a listing succeeded, names every channel of `expected` (so it lists) and not `channel`. */
function listsWithout(outcome: { ok: boolean; output: string }, channel: string, expected: readonly string[], what: string): Verdict {
  const output = outcome.output.replace(/\s+/g, ' ');
  if (!outcome.ok) return { outcome: 'wrong reason', detail: `the listing failed: ${output.slice(0, 300)}` };
  if (output.includes(channel)) return { outcome: 'accepted', detail: `${what} lists ${channel}: ${output.slice(0, 300)}` };
  const missing = expected.filter((name) => !output.includes(name));
  if (missing.length > 0) return { outcome: 'wrong reason', detail: `${what} does not list its own ${missing.join(', ')} either: ${output.slice(0, 300)}` };
  return { outcome: 'refused', detail: `${what} lists ${expected.join(', ')} and no ${channel}`, layer: 'channel' };
}

/**
 * Category 4: an organisation that is no member of a bank pair's channel learns nothing of its payments, not even
 * that one exists. MOBank, a third bank to the SZ-HK pair: its API answers the pair's UETRs as unknown on every
 * route, its peer holds no block or state of the pair's channel (and SZBank's, HKBank's and the HKMA's peers refuse
 * it), its orderer orders no such channel and serves no block of it, its administrator's commands show none, and no
 * file of its state folder (binary ones included) nor of its API holds a UETR of the pair's or a detail. Regulators
 * see the pairs of their own jurisdiction only: the AMCM nothing of the SZ-HK pair, the HKMA nothing of SZ-MO, the
 * PBOC nothing of HK-MO, each while the regulator of the other end has it.
 */
export function describeThirdPartyReads(world: () => SecurityWorld): void {
  describe(CATEGORY, () => {
    it('gives MOBank nothing of an SZ-HK payment on any route, peer, orderer, command or file, each regulator nothing of another jurisdiction\'s pairs, and changes nothing', async function () {
      this.timeout(600_000);
      const { api, ledger, payment, streams, unseen, otherPairs } = world();
      const mo = api.MOBank;
      const { uetr, settlementDate, secrets } = payment;
      const network = readNetworkMap();
      const pairChannel = szHkChannel(network);
      const touched = { regulator: ledger.HKMA, ledger, uetrs: [uetr], documentHashes: [], apis: Object.values(api), ledgerHeight: true };
      const before = await snapshot(touched);
      const revealing = [uetr, ...secrets];
      let count = 0;
      const counted = async (name: string, channel: Channel, verdict: () => Promise<Verdict> | Verdict) => {
        count += 1;
        await attempt(CATEGORY, name, channel, async () => verdict());
      };
      const get = (instance: ApiInstance, route: string) => call(instance, 'GET', route, { role: 'viewer' });

      // MOBank's API instance: the UETR is as unknown as one never used, on every route that takes one.
      const never = newUetr();
      const byUetr: [string, (target: string) => Promise<Answer>][] = [
        ['GET /payments/:uetr', (target) => get(mo, `/payments/${target}`)],
        ['GET /payments/:uetr/events', (target) => get(mo, `/payments/${target}/events`)],
        ['POST /payments/:uetr/accept', (target) => call(mo, 'POST', `/payments/${target}/accept`, { json: { reason: 'is it there?' } })],
        ['POST /payments/:uetr/amend (its own CREDITOR_AGENT side of a payment from SZBank)', (target) =>
          call(mo, 'POST', `/payments/${target}/amend`, { json: sidesOf(target, 'SZBankMSP', 'MOBankMSP')[1] })],
      ];
      for (const [name, ask] of byUetr) {
        await counted(`MOBank's instance: ${name} of the SZ-HK payment`, 'API', async () => unknownAsNeverUsed(await ask(uetr), await ask(never)));
      }
      const listings: [string, string, (answer: Answer) => Verdict][] = [
        ['GET /payments?settlementDate: the payment is not listed', `/payments?settlementDate=${settlementDate}`, (answer) => withheld(answer, 200, revealing, 'not listed', 'channel')],
        ['GET /payments?corridor=SZ->HK', `/payments?corridor=SZ->HK&settlementDate=${settlementDate}`, (answer) => withheld(answer, 200, revealing, 'not listed', 'channel')],
        ['GET /breaks?settlementDate: the discrepancy is not listed', `/breaks?settlementDate=${settlementDate}`, (answer) => withheld(answer, 200, revealing, 'not listed', 'channel')],
        ['GET /projection/status: no channel of the pair, not even its height', '/projection/status', (answer) => withheld(answer, 200, [pairChannel], 'the consortium\'s and its own pairs\' channels only', 'channel')],
        ['GET /regulator/payments/:uetr/history (a regulator\'s route)', `/regulator/payments/${uetr}/history`, (answer) => refusedWith(answer, 404, /Cannot GET/)],
        ['GET /regulator/reports/end-of-day (a regulator\'s route)', `/regulator/reports/end-of-day?date=${settlementDate}`, (answer) => refusedWith(answer, 404, /Cannot GET/)],
      ];
      for (const [name, route, judge] of listings) {
        await counted(`MOBank's instance: ${name}`, 'API', async () => judge(await get(mo, route)));
      }
      await counted('MOBank\'s instance: GET /events (SSE) while the payment was written', 'API', () => {
        if (!streams.sz.received().includes(uetr)) return { outcome: 'wrong reason', detail: 'SZBank\'s stream did not carry the payment either: the stream shows nothing' };
        return withheld({ status: 200, body: streams.mo.received() }, 200, revealing, 'no change of the payment on MOBank\'s stream; SZBank\'s carried it', 'channel');
      });

      // Regulators: each sees the pairs touching its jurisdiction, and no other.
      const regulatorCases: [ApiInstance, string, string, ApiInstance][] = [
        [api.AMCM, 'the SZ-HK payment', uetr, api.HKMA],
        [api.HKMA, 'the SZ-MO payment', otherPairs.szMo.uetr, api.PBOC],
        [api.PBOC, 'the HK-MO payment', otherPairs.hkMo.uetr, api.HKMA],
      ];
      for (const [outsider, what, target, entitled] of regulatorCases) {
        await counted(`the ${outsider.org}'s instance: GET /regulator/payments/:uetr/history of ${what} (the ${entitled.org}'s has it)`, 'API', async () => {
          const control = await get(entitled, `/regulator/payments/${target}/history`);
          if (control.status !== 200) return { outcome: 'wrong reason', detail: `the ${entitled.org}'s instance does not have it either: ${control.status}` };
          return unknownAsNeverUsed(await get(outsider, `/regulator/payments/${target}/history`), await get(outsider, `/regulator/payments/${never}/history`));
        });
        await counted(`the ${outsider.org}'s instance: ${what} in no listing, report or event route (the ${entitled.org}'s reports it)`, 'API', async () => {
          const report = `/regulator/reports/end-of-day?date=${settlementDate}`;
          const control = await get(entitled, report);
          if (!JSON.stringify(control.body).includes(target)) return { outcome: 'wrong reason', detail: `the ${entitled.org}'s report does not show it either` };
          const answers = await Promise.all([report, `/payments?settlementDate=${settlementDate}`, `/breaks?settlementDate=${settlementDate}`].map((route) => get(outsider, route)));
          const shown = answers.filter((answer) => JSON.stringify(answer.body).includes(target));
          if (shown.length > 0) return { outcome: 'accepted', detail: `shown: ${JSON.stringify(shown[0].body).slice(0, 200)}` };
          // The events route names the UETR asked for in its 404, as for any UETR: it must read as for one never used.
          const events = unknownAsNeverUsed(await get(outsider, `/payments/${target}/events`), await get(outsider, `/payments/${never}/events`));
          return events.outcome === 'refused' ? { ...events, detail: `not in its report, listings or breaks; its events route: ${events.detail}` } : events;
        });
      }

      // The gateway, as MOBank: its own peer is on no channel of the pair, and the pair's peers refuse it.
      const viaOwnPeer = szHk(ledger.MOBank);
      const notOnIt = notOnTheChannel(pairChannel);
      const notMember = notAMember('MOBankMSP', pairChannel);
      const ownPeer: [string, () => Promise<unknown>][] = [
        ['payment:getPayment', () => viaOwnPeer.getPayment(uetr)],
        ['payment:getPaymentDetails', () => viaOwnPeer.getPaymentDetails(uetr)],
        ['qscc GetChainInfo of the pair\'s channel', () => ledger.MOBank.gateway.getNetwork(pairChannel).getContract('qscc').evaluateTransaction('GetChainInfo', pairChannel)],
        ['qscc GetBlockByNumber 0 of the pair\'s channel', () => ledger.MOBank.gateway.getNetwork(pairChannel).getContract('qscc').evaluateTransaction('GetBlockByNumber', pairChannel, '0')],
        ['the pair\'s channel\'s block events from block 0', () => firstBlockEvent(ledger.MOBank, pairChannel)],
      ];
      for (const [name, read] of ownPeer) {
        await counted(`MOBank's identity on its own peer: ${name}`, 'gateway', () => ledgerRefused(read(), notOnIt));
      }
      const sideTxIds = Object.values((await szHk(ledger.HKMA).getPayment(uetr)).sides).map((side) => side.txId);
      for (const peerOf of ['SZBank', 'HKBank', 'HKMA'] as const) {
        const via = connectVia('MOBank', peerOf);
        try {
          const payments = szHk(via);
          const qscc = via.gateway.getNetwork(pairChannel).getContract('qscc');
          const reads: [string, () => Promise<unknown>][] = peerOf === 'SZBank' ? [
            ['payment:getPayment', () => payments.getPayment(uetr, { endorsingOrganizations: ['SZBankMSP'] })],
            ['payment:getPaymentDetails', () => payments.getPaymentDetails(uetr, { endorsingOrganizations: ['SZBankMSP'] })],
            ['payment:getPaymentHistory', () => payments.getPaymentHistory(uetr, { endorsingOrganizations: ['SZBankMSP'] })],
            ['payment:listBreaks of corridor SZ->HK', () => payments.listBreaks('SZ->HK', settlementDate, { endorsingOrganizations: ['SZBankMSP'] })],
            ['qscc GetBlockByTxID of both sides\' transactions', () => Promise.all(sideTxIds.map((txId) => qscc.evaluateTransaction('GetBlockByTxID', pairChannel, txId)))],
            ['the pair\'s channel\'s block events from block 0', () => firstBlockEvent(via, pairChannel)],
          ] : [
            ['payment:getPaymentDetails', () => payments.getPaymentDetails(uetr, { endorsingOrganizations: [ledger[peerOf].mspId] })],
          ];
          for (const [name, read] of reads) {
            await counted(`MOBank's identity on ${peerOf}'s peer: ${name}`, 'gateway', () => ledgerRefused(read(), notMember));
          }
        } finally {
          via.close();
        }
      }

      // MOBank's administrator, on its own nodes and on the pair's orderers.
      const ownChannels = network.orgs.MOBank.channels;
      await counted('MOBank\'s admin: peer channel list on its own peer', 'admin', () =>
        listsWithout(asAdmin('MOBank', 'on_host MOBank "$FABRIC_BIN/peer" channel list'), pairChannel, ownChannels, 'MOBank\'s peer'));
      await counted('MOBank\'s admin: peer channel getinfo of the pair\'s channel on its own peer', 'admin', () =>
        adminRefused(asAdmin('MOBank', `on_host MOBank "$FABRIC_BIN/peer" channel getinfo -c ${pairChannel}`), notOnIt));
      await counted('MOBank\'s admin: osnadmin channel list on its own orderer (it is no consenter of the pair\'s channel)', 'admin', () =>
        listsWithout(asAdmin('MOBank', 'on_host MOBank "$FABRIC_BIN/osnadmin" channel list "${ADMIN_TLS[@]}"'),
          pairChannel, network.ordering === 'bft' ? ownChannels : [], 'MOBank\'s orderer'));
      const fetch = (from: OrgName) => asAdmin('MOBank', [
        `org_settings ${from}; address="$ORG_HOST:$ORDERER_PORT"; ca="$(published_dir ${from})/msp/tlscacerts/tlsca.pem"; block="$(mktemp)"`,
        `on_host MOBank "$FABRIC_BIN/peer" channel fetch 0 "$block" -c ${pairChannel} -o "$address" --tls --cafile "$ca"; status=$?`,
        'rm -f "$block"; exit $status',
      ].join('\n'));
      if (network.ordering === 'bft') {
        await counted('MOBank\'s admin: peer channel fetch of the pair\'s genesis block from its own orderer', 'admin', () =>
          adminRefused(fetch('MOBank'), /NOT_FOUND|not found|does not exist|SERVICE_UNAVAILABLE/i));
      }
      for (const orderer of network.channels[pairChannel].orderers.slice(0, 2)) {
        await counted(`MOBank's admin: peer channel fetch of the pair's genesis block from ${orderer}'s orderer`, 'admin', () =>
          adminRefused(fetch(orderer), /FORBIDDEN|access denied|not authorized|permission denied/i));
      }

      // Files: MOBank's whole state folder (ledgers, state and private data stores, transient store, orderer WAL
      // and ledger, logs, keys) and its API instance's, binary files included.
      const orgFolder = (org: OrgName) => path.join(stateDir(), 'orgs', org);
      await counted('MOBank\'s state folder: no file or folder named after the pair\'s channel', 'storage', () => {
        const named = entriesNamed(orgFolder('MOBank'), pairChannel);
        const control = entriesNamed(orgFolder('SZBank'), pairChannel);
        if (named.length > 0) return { outcome: 'accepted', detail: named.slice(0, 3).join(', ') };
        if (control.length === 0) return { outcome: 'wrong reason', detail: 'SZBank\'s state folder has none either: the search is blind' };
        return { outcome: 'refused', detail: `none; SZBank's has ${control.length} (e.g. ${path.relative(stateDir(), control[0])})`, layer: 'channel' };
      });
      // The unseen payments' UETRs were never named to MOBank: nothing MOBank was told can explain finding one.
      const unseenUetrs = unseen.uetrs.flatMap(forms);
      const unseenText = unseen.uetrs.map((text) => Buffer.from(text));
      const szChain = path.join(orgFolder('SZBank'), 'data', 'peer', 'ledger', 'ledgersData', 'chains', 'chains', pairChannel);
      await counted(`MOBank's state folder: none of ${unseen.uetrs.length} SZ-HK UETRs never named to it, as text or as 16 bytes`, 'storage', () =>
        filesWithout('MOBank\'s state folder', orgFolder('MOBank'), unseenUetrs, { 'SZBank\'s chain of the pair': existsSync(szChain) ? szChain : orgFolder('SZBank') }, unseenText));
      // The account number: of the values holding this run's marker it comes first in a side's canonical JSON, so
      // it stays literal even where LevelDB keeps a table compressed; the name and the amounts may not.
      const account = [Buffer.from(secrets[1])];
      await counted('MOBank\'s state folder: no detail of the payment (its account number)', 'storage', () =>
        filesWithout('MOBank\'s state folder', orgFolder('MOBank'), account, { 'SZBank\'s state folder': orgFolder('SZBank'), 'HKBank\'s state folder': orgFolder('HKBank') }, account));
      await counted('MOBank\'s API files (database, log): none of the unseen UETRs, no detail', 'storage', () =>
        filesWithout('MOBank\'s API files', path.dirname(mo.env.SQLITE_PATH), [...unseenUetrs, ...account], { 'SZBank\'s API files': path.dirname(api.SZBank.env.SQLITE_PATH) }, [...unseenText, ...account]));

      assertEveryAttemptRefused(CATEGORY, count);
      assert.deepEqual(await snapshot(touched), before, 'a read changed the ledger or an API database');
    });
  });
}

/** Reads the first block event of a channel from block 0 on the connection's peer. */
async function firstBlockEvent(connection: OrgConnection, channel: string): Promise<unknown> {
  const events = await connection.gateway.getNetwork(channel).getBlockEvents({ startBlock: 0n });
  try {
    for await (const block of events) return block;
    return undefined;
  } finally {
    events.close();
  }
}

import { strict as assert } from 'node:assert';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { readNetworkMap } from '../../network/client/network-map';
import { connectAs, OrgConnection } from '../../network/client/org-gateway';
import { ApiInstance, startApi } from '../support/api-instance';
import { chainHeight, hkCreditorSide, newUetr, szDebtorSide } from '../support/payments';
import { call, CallOptions, fixture } from '../support/write-api';

const TABLES = ['submissions', 'outbox_items', 'status_reports', 'statement_entries'];

/** Rows of every table an accepted request writes to, read straight from the instance's SQLite file. */
function databaseRows(api: ApiInstance): number {
  const database = new Database(api.env.SQLITE_PATH);
  database.pragma('query_only = true');
  try {
    return TABLES.reduce((sum, table) => sum + (database.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n, 0);
  } finally {
    database.close();
  }
}

/** The height of every channel the connection's peer is on (the consortium's and its bank's pairs'). */
async function chainHeights(connection: OrgConnection): Promise<Record<string, bigint>> {
  const channels = readNetworkMap().orgs[connection.org].channels;
  return Object.fromEntries(await Promise.all(channels.map(async (channel) => [channel, await chainHeight(connection, channel)] as const)));
}

// One field of a valid side made wrong in one of the ways a back office or an attacker would.
const badSideFields: fc.Arbitrary<[string, unknown]> = fc.oneof(
  fc.constantFrom<[string, unknown]>(
    ['uetr', 'ABCDEF12-3456-4789-8ABC-DEF012345678'], ['uetr', '123e4567-e89b-12d3-a456-426614174000'], ['uetr', ''],
    ['interbankSettlementAmount', { amount: '-10.00', currency: 'HKD' }], ['interbankSettlementAmount', { amount: 10.5, currency: 'HKD' }],
    ['interbankSettlementAmount', { amount: '1.005', currency: 'HKD' }], ['interbankSettlementAmount', { amount: '0', currency: 'HKD' }],
    ['interbankSettlementAmount', { amount: '1e5', currency: 'HKD' }], ['interbankSettlementAmount', { amount: '100.00', currency: 'XXY' }],
    ['interbankSettlementAmount', { amount: '100.00', currency: 'hkd' }], ['interbankSettlementAmount', { amount: '1234567890123456789', currency: 'USD' }],
    ['interbankSettlementDate', '2026-02-30'], ['interbankSettlementDate', '20261120'], ['side', 'BOTH'],
    ['counterpartyOrg', 'SZBankMSP'], ['counterpartyOrg', 'EvilBankMSP'], ['debtorAgentBic', 'HKBKHKHHXXX'],
    ['creditorAgentBic', 'MOBKMOMXXXX'], ['submitterOrg', 'HKBankMSP'], ['org', 'HKBankMSP'], ['messageType', 'pacs.004'],
    ['chargeBearer', 'NONE'], ['endToEndId', 'x'.repeat(36)], ['instructingAgentBic', 'NOT A BIC'],
    // Named like members every object inherits: unknown fields all the same.
    ['constructor', 'HKBankMSP'], ['toString', 'x'], ['hasOwnProperty', 1],
  ),
  fc.tuple(fc.constantFrom('uetr', 'interbankSettlementAmount', 'interbankSettlementDate', 'side', 'debtorAgentBic'),
    fc.oneof(fc.integer(), fc.boolean(), fc.constant(null), fc.array(fc.string(), { maxLength: 2 }), fc.string({ maxLength: 12 }))),
);

const badJson: fc.Arbitrary<CallOptions> = fc.tuple(fc.array(badSideFields, { minLength: 1, maxLength: 3 }), fc.integer({ min: 1, max: 4 }), fc.nat(3))
  .map(([corruptions, size, at]) => {
    const sides: Record<string, unknown>[] = Array.from({ length: size }, () => ({ ...szDebtorSide(newUetr()) }));
    const target = sides[at % size];
    for (const [field, value] of corruptions) target[field] = value;
    return { json: { sides } };
  });

const wrongShapes: fc.Arbitrary<CallOptions> = fc.oneof(
  fc.jsonValue().filter((value) => typeof value !== 'object' || value === null || Array.isArray(value) || !('sides' in value)).map((json) => ({ json })),
  fc.string({ maxLength: 40 }).map((text) => ({ text, contentType: 'application/json' })),
  fc.constant({ json: { sides: [] } }),
  fc.constant({ json: { sides: [hkCreditorSide(newUetr())] } }),
);

const pacs008 = fixture('pacs008-cbpr-single.xml');
const hostileXml: fc.Arbitrary<CallOptions> = fc.oneof(
  fc.constant({ text: '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]><Document>&x;</Document>' }),
  fc.integer({ min: 2, max: 9 }).map((levels) => {
    const entities = Array.from({ length: levels }, (_, i) => `<!ENTITY l${i + 1} "${`&l${i};`.repeat(10)}">`).join('');
    return { text: `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY l0 "lol">${entities}]><Document>&l${levels};</Document>` };
  }),
  fc.integer({ min: 40, max: 400 }).map((depth) => ({ text: `${'<a>'.repeat(depth)}x${'</a>'.repeat(depth)}` })),
  // Cut somewhere before the end of the root element (cutting only trailing white space would leave it valid).
  fc.integer({ min: 1, max: pacs008.lastIndexOf('</') }).map((cut) => ({ text: pacs008.slice(0, cut) })),
  fc.string({ maxLength: 200 }).map((garbage) => ({ text: garbage })),
  // A valid message with one value made wrong: the currency, the UETR, the amount or the settlement date.
  fc.constantFrom('<TtlIntrBkSttlmAmt Ccy="', '<UETR>', '<IntrBkSttlmAmt Ccy="HKD">', '<IntrBkSttlmDt>').chain((marker) =>
    fc.constantFrom('-5', 'ABC', '1.234567', '', '0x10', '2025-02-30').map((value) => {
      const at = pacs008.lastIndexOf(marker) + marker.length;
      const end = marker.endsWith('"') ? pacs008.indexOf('"', at) : pacs008.indexOf('<', at);
      return { text: pacs008.slice(0, at) + value + pacs008.slice(end) };
    })),
  fc.constant({ text: pacs008.replace('<?xml version="1.0" encoding="UTF-8"?>', '<?xml version="1.0" encoding="ISO-8859-1"?>') }),
);

const badCsv: fc.Arbitrary<CallOptions> = fc.oneof(
  fc.string({ maxLength: 300 }),
  fc.constant('uetr,side\nnot-a-uetr,DEBTOR_AGENT\n'),
  fc.constant('"unterminated,quote\n'),
).map((text) => ({ text, contentType: 'text/csv' }));

describe('abuse: generated bad input is answered 4xx with a reason and changes nothing', function () {
  this.timeout(900_000);
  let sz: ApiInstance;
  let ledger: OrgConnection;
  let answered = 0;

  before(async () => {
    sz = await startApi('SZBank', { port: 3311, env: { MAX_BODY_BYTES: '262144' } });
    ledger = connectAs('SZBank');
  });
  after(async () => {
    ledger?.close();
    await sz?.dispose();
    console.log(`      ${answered} generated bad inputs, every one refused with a 4xx and a reason`);
  });

  const refusedWithReason = async (route: string, request: CallOptions): Promise<void> => {
    const answer = await call(sz, 'POST', route, request);
    answered += 1;
    assert.ok(answer.status >= 400 && answer.status < 500, `${route} answered ${answer.status}: ${JSON.stringify(answer.body).slice(0, 300)}`);
    assert.ok(typeof answer.body?.error?.message === 'string' && answer.body.error.message.length > 0, `no reason in ${JSON.stringify(answer.body).slice(0, 300)}`);
  };

  it('refuses 1,200 generated bad requests (JSON, XML, CSV, oversize) without a ledger or database change', async () => {
    const heightsBefore = await chainHeights(ledger);
    const rowsBefore = databaseRows(sz);
    await fc.assert(fc.asyncProperty(badJson, (request) => refusedWithReason('/payments', request)), { numRuns: 500 });
    await fc.assert(fc.asyncProperty(wrongShapes, (request) => refusedWithReason('/payments', request)), { numRuns: 150 });
    await fc.assert(fc.asyncProperty(hostileXml, (request) => refusedWithReason('/payments/iso20022', request)), { numRuns: 400 });
    await fc.assert(fc.asyncProperty(badCsv, (request) => refusedWithReason('/payments/csv', request)), { numRuns: 140 });
    const oversize = { json: { sides: Array.from({ length: 800 }, () => szDebtorSide(newUetr())) } };
    for (let i = 0; i < 10; i += 1) await refusedWithReason('/payments', oversize);
    assert.ok(answered >= 1000);
    assert.equal(databaseRows(sz), rowsBefore, 'the database changed');
    assert.deepEqual(await chainHeights(ledger), heightsBefore, 'a channel\'s ledger grew');
  });
});

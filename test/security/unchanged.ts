import Database from 'better-sqlite3';
import { OrgName, readNetworkMap } from '../../network/client/network-map';
import { OrgConnection } from '../../network/client/org-gateway';
import { ApiInstance } from '../support/api-instance';
import { chainHeight, szHk } from '../support/payments';

/** The tables a write request or the admin CLI changes; the projection's own tables follow the ledger. */
const WRITE_TABLES = ['submissions', 'outbox_items', 'status_reports', 'statement_entries', 'api_keys'];

/** What the refused attempts of a category touched, so that "nothing changed" is one deep comparison. */
export interface Touched {
  /** Read as a regulator of the SZ-HK pair (the HKMA), who may read its payments' details and history. */
  regulator: OrgConnection;
  /** A connection of every org, to read each channel's height through one of its members. */
  ledger: Record<OrgName, OrgConnection>;
  /** UETRs of SZ-HK payments. */
  uetrs: readonly string[];
  documentHashes: readonly string[];
  apis: readonly ApiInstance[];
  /** False when the category's own allowed writes (verifications are logged on the ledger) move the heights. */
  ledgerHeight: boolean;
}

/** Row counts and a digest of each write table, straight from the instance's SQLite file. */
function databaseRows(api: ApiInstance): Record<string, unknown> {
  const database = new Database(api.env.SQLITE_PATH, { readonly: true });
  try {
    return Object.fromEntries(WRITE_TABLES.map((table) => [table, database.prepare(`SELECT * FROM ${table} ORDER BY rowid`).all()]));
  } finally {
    database.close();
  }
}

/** The height of every channel of the network, each read through its first member. */
async function chainHeights(ledger: Record<OrgName, OrgConnection>): Promise<Record<string, string>> {
  const channels = Object.entries(readNetworkMap().channels);
  return Object.fromEntries(await Promise.all(channels.map(async ([channel, { members }]) => {
    const member = members.find((org) => ledger[org] !== undefined);
    if (member === undefined) throw new Error(`no connection of a member of ${channel}`);
    return [channel, String(await chainHeight(ledger[member], channel))] as const;
  })));
}

/**
 * The state the attempts must leave as it was: each payment's public record, every version of it and both
 * sides' details; each anchor; every channel's height (when nothing may commit); and every row of each API
 * instance's write tables.
 */
export async function snapshot(touched: Touched): Promise<Record<string, unknown>> {
  const pair = szHk(touched.regulator);
  const documents = touched.regulator.documents();
  const payments: Record<string, unknown> = {};
  for (const uetr of touched.uetrs) {
    payments[uetr] = {
      record: await pair.getPayment(uetr),
      history: await pair.getPaymentHistory(uetr),
      details: await pair.getPaymentDetails(uetr),
    };
  }
  const anchors: Record<string, unknown> = {};
  for (const hash of touched.documentHashes) anchors[hash] = await documents.getAnchor(hash);
  return {
    payments,
    anchors,
    ...(touched.ledgerHeight ? { ledgerHeights: await chainHeights(touched.ledger) } : {}),
    databases: Object.fromEntries(touched.apis.map((api) => [api.org, databaseRows(api)])),
  };
}

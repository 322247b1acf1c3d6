import Database from 'better-sqlite3';
import { common } from '@hyperledger/fabric-protos';
import { OrgConnection } from '../../network/client/org-gateway';
import { ApiInstance } from '../support/api-instance';
import { szHk } from '../support/payments';

/** The tables a write request or the admin CLI changes; the projection's own tables follow the ledger. */
const WRITE_TABLES = ['submissions', 'outbox_items', 'status_reports', 'statement_entries', 'api_keys'];

/** What the refused attempts of a category touched, so that "nothing changed" is one deep comparison. */
export interface Touched {
  /** Read as the regulator, who may read every payment's details and history. */
  regulator: OrgConnection;
  uetrs: readonly string[];
  documentHashes: readonly string[];
  apis: readonly ApiInstance[];
  /** False when the category's own allowed writes (verifications are logged on the ledger) move the height. */
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

async function chainHeight(connection: OrgConnection): Promise<number> {
  const bytes = await connection.gateway.getNetwork('recon').getContract('qscc').evaluateTransaction('GetChainInfo', 'recon');
  return common.BlockchainInfo.deserializeBinary(bytes).getHeight();
}

/**
 * The state the attempts must leave as it was: each payment's public record, every version of it and both
 * sides' details; each anchor; the ledger's height (when nothing may commit); and every row of each API
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
    ...(touched.ledgerHeight ? { ledgerHeight: await chainHeight(touched.regulator) } : {}),
    databases: Object.fromEntries(touched.apis.map((api) => [api.org, databaseRows(api)])),
  };
}

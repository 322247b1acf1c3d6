import { WriteBatch, getStates } from '@bayrecon/chaincode/dist/shared/state-batch';
import { Context, Contract, Info, Returns, Transaction } from 'fabric-contract-api';
import { KeyEndorsementPolicy } from 'fabric-shim';

/** Most keys one transaction writes: the payment contract's largest batch. */
const MAX_KEYS = 500;
/** Largest value: well above a payment record, far below the orderer's message limits. */
const MAX_VALUE_BYTES = 64 * 1024;

function positiveInteger(name: string, text: string, max: number): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1 || value > max) {
    throw new Error(`${name}: '${text}' is not an integer from 1 to ${max}`);
  }
  return value;
}

/**
 * The floor the payment contract is measured against: a transaction that does nothing but `putState` of
 * `count` fresh keys with `valueSize`-byte values, and emits one small event as the payment contract does. It
 * reads nothing, validates nothing and writes no private data, so the difference in throughput between the
 * two on the same network is what the payment contract's own work costs.
 *
 * `put` sends its writes to the peer in one message, through the same write batch as the payment contract, so
 * the two are compared on the same write path. `putEach` makes one `putState` round trip per key, which is all
 * fabric-shim 2.5's API offers: the difference between the two is what the round trips cost. `readAndPut` first
 * reads every key it writes in one message, as the payment contract reads each side's payment key: the peers then
 * check each read at commit, which no reconciliation on the ledger can skip.
 */
@Info({ title: 'Trivial', description: 'putState of N keys per transaction, for benchmarks' })
export class TrivialContract extends Contract {
  constructor() {
    super('trivial');
  }

  @Transaction()
  @Returns('string')
  async put(ctx: Context, count: string, valueSize: string): Promise<string> {
    return putAll(ctx, parse(ctx, count, valueSize), undefined);
  }

  /**
   * `put` plus a key-level endorsement policy AND(SZBank peer, HKBank peer) on every key, as the payment
   * contract sets on every new payment: isolates what state-based endorsement costs the peers.
   */
  @Transaction()
  @Returns('string')
  async putWithKeyPolicy(ctx: Context, count: string, valueSize: string): Promise<string> {
    const policy = new KeyEndorsementPolicy();
    policy.addOrgs(PEER_ROLE, 'SZBankMSP', 'HKBankMSP');
    return putAll(ctx, parse(ctx, count, valueSize), policy.getPolicy());
  }

  @Transaction()
  @Returns('string')
  async readAndPut(ctx: Context, count: string, valueSize: string): Promise<string> {
    const fresh = parse(ctx, count, valueSize);
    await getStates(ctx, fresh.keys);
    return putAll(ctx, fresh, undefined);
  }

  @Transaction()
  @Returns('string')
  async putEach(ctx: Context, count: string, valueSize: string): Promise<string> {
    const { keys, value } = parse(ctx, count, valueSize);
    for (const key of keys) {
      await ctx.stub.putState(key, value);
    }
    return summarise(ctx, keys.length, value.length, false);
  }
}

/** fabric-shim declares an ENDORSER_ROLES enum in its types but does not export it at run time. */
const PEER_ROLE = 'PEER';

function parse(ctx: Context, count: string, valueSize: string): { keys: string[]; value: Buffer } {
  const keys = positiveInteger('count', count, MAX_KEYS);
  const bytes = positiveInteger('valueSize', valueSize, MAX_VALUE_BYTES);
  const txId = ctx.stub.getTxID();
  // Every endorser must write the same bytes, so the value is derived from the transaction id only.
  return {
    keys: Array.from({ length: keys }, (_, index) => ctx.stub.createCompositeKey('trivial', [txId, String(index)])),
    value: Buffer.alloc(bytes, txId),
  };
}

/** Writes every key in one write batch. */
async function putAll(ctx: Context, { keys, value }: { keys: string[]; value: Buffer }, keyPolicy: Uint8Array | undefined): Promise<string> {
  const writes = new WriteBatch();
  for (const key of keys) {
    writes.put(key, value);
    if (keyPolicy !== undefined) {
      writes.setValidationParameter(key, keyPolicy);
    }
  }
  await writes.flush(ctx);
  return summarise(ctx, keys.length, value.length, keyPolicy !== undefined);
}

function summarise(ctx: Context, keys: number, valueSize: number, keyPolicy: boolean): string {
  const summary = JSON.stringify({ txId: ctx.stub.getTxID(), keys, valueSize, keyPolicy });
  ctx.stub.setEvent('Put', Buffer.from(summary, 'utf8'));
  return summary;
}

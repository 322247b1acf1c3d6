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
 */
@Info({ title: 'Trivial', description: 'putState of N keys per transaction, for benchmarks' })
export class TrivialContract extends Contract {
  constructor() {
    super('trivial');
  }

  @Transaction()
  @Returns('string')
  async put(ctx: Context, count: string, valueSize: string): Promise<string> {
    return putKeys(ctx, count, valueSize, undefined);
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
    return putKeys(ctx, count, valueSize, policy.getPolicy());
  }
}

/** fabric-shim declares an ENDORSER_ROLES enum in its types but does not export it at run time. */
const PEER_ROLE = 'PEER';

async function putKeys(ctx: Context, count: string, valueSize: string, keyPolicy: Uint8Array | undefined): Promise<string> {
  const keys = positiveInteger('count', count, MAX_KEYS);
  const bytes = positiveInteger('valueSize', valueSize, MAX_VALUE_BYTES);
  const txId = ctx.stub.getTxID();
  // Every endorser must write the same bytes, so the value is derived from the transaction id only.
  const value = Buffer.alloc(bytes, txId);
  for (let index = 0; index < keys; index += 1) {
    const key = ctx.stub.createCompositeKey('trivial', [txId, String(index)]);
    await ctx.stub.putState(key, value);
    if (keyPolicy !== undefined) {
      await ctx.stub.setStateValidationParameter(key, keyPolicy);
    }
  }
  const summary = JSON.stringify({ txId, keys, valueSize: bytes, keyPolicy: keyPolicy !== undefined });
  ctx.stub.setEvent('Put', Buffer.from(summary, 'utf8'));
  return summary;
}

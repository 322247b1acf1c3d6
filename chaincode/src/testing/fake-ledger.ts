import { createHash } from 'node:crypto';
import Long from 'long';
import { Context } from 'fabric-contract-api';
import { peer } from '@hyperledger/fabric-protos';
import {
  ChaincodeProposal, ChaincodeResponse, ChaincodeStub, ClientIdentity, Iterators, SerializedIdentity, SplitCompositekey,
  StateQueryResponse, Timestamp,
} from 'fabric-shim';
import { CHAINCODE_NAME, CONSORTIUM_CHANNEL, Directory, DirectoryState, genesisDirectory, marshal } from '@bayrecon/common';
import { MESSAGE_TYPE, ShimChaincodeMessage, ShimMessageHandler, VALIDATION_PARAMETER_METAKEY } from '../shared/state-batch';
import { DIRECTORY_KEY } from '../directory/directory-state';

/**
 * An in-memory channel for unit tests: committed world state, private data per collection, key-level
 * policies and key history. Each transaction gets a {@link FakeStub} that reads committed state only (a
 * transaction does not read its own writes, as on Fabric) and buffers its writes; {@link FakeLedger.submit}
 * commits them when the contract returns and drops them when it throws.
 */

const COMPOSITE_KEY_NAMESPACE = '\u0000';
const MIN_UNICODE_RUNE = '\u0000';
const MAX_UNICODE_RUNE = '\u{10FFFF}';

export interface ChaincodeEvent {
  name: string;
  payload: Uint8Array;
}

export interface TransactionOptions {
  /** MSP id of the client identity. */
  mspId: string;
  /** Transaction time (ISO 8601); defaults to 2024-05-02T08:00:00Z plus one second per transaction. */
  time?: string;
  txId?: string;
  transient?: Record<string, string | Uint8Array>;
}

export interface TransactionResult {
  result: string;
  txId: string;
  events: ChaincodeEvent[];
  /** Keys written (put or deleted) in world state. */
  writtenKeys: string[];
}

type KeyModification = Iterators.KeyModification;

/** Members of each private data collection, as the collection's policy names them. */
export type CollectionMembers = Record<string, readonly string[]>;

export class FakeLedger {
  readonly state = new Map<string, Uint8Array>();
  readonly validationParameters = new Map<string, Uint8Array>();
  readonly privateData = new Map<string, Map<string, Uint8Array>>();
  readonly history = new Map<string, KeyModification[]>();

  /** Committed version of each world-state key, for MVCC read-conflict checks at commit. */
  readonly versions = new Map<string, number>();
  private transactions = 0;

  /**
   * @param collections when given, private data access by a non-member client is refused as on a peer.
   * @param channel the channel this fake ledger is.
   * @param network the channels beside it on the same peer, which its chaincode-to-chaincode calls reach.
   */
  constructor(readonly collections?: CollectionMembers, readonly channel = CONSORTIUM_CHANNEL, readonly network?: FakeNetwork) {}

  /** A context for one transaction, not yet committed. */
  context(options: TransactionOptions): { ctx: Context; stub: FakeStub } {
    this.transactions += 1;
    const txId = options.txId ?? `tx${String(this.transactions).padStart(6, '0')}`;
    const time = options.time ?? new Date(Date.UTC(2024, 4, 2, 8, 0, this.transactions)).toISOString();
    const transient = new Map<string, Uint8Array>(Object.entries(options.transient ?? {})
      .map(([name, value]) => [name, typeof value === 'string' ? Buffer.from(value, 'utf8') : value]));
    const stub = new FakeStub(this, txId, time, transient, options.mspId);
    const ctx = new Context();
    ctx.stub = stub;
    ctx.clientIdentity = new FakeClientIdentity(options.mspId);
    return { ctx, stub };
  }

  /**
   * Runs a transaction and commits its writes if it succeeds (a submitTransaction). Like a committing peer it
   * refuses the commit with MVCC_READ_CONFLICT when a key the transaction read has changed since.
   */
  async submit(options: TransactionOptions, run: (ctx: Context) => Promise<string>): Promise<TransactionResult> {
    const { ctx, stub } = this.context(options);
    const result = await run(ctx);
    stub.commit();
    return { result, txId: stub.getTxID(), events: [...stub.events], writtenKeys: [...stub.stateWrites.keys()].sort() };
  }

  /** Runs a transaction and discards its writes (an evaluateTransaction). */
  async evaluate(options: TransactionOptions, run: (ctx: Context) => Promise<string>): Promise<string> {
    const { ctx } = this.context(options);
    return run(ctx);
  }

  /** Every world-state value as UTF-8 text, for assertions that something never reaches public state. */
  publicText(): string {
    return [...this.state.entries()].map(([key, value]) => `${key}=${Buffer.from(value).toString('utf8')}`).join('\n');
  }

  assertCollectionAccess(collection: string, mspId: string): void {
    const members = this.collections?.[collection];
    if (this.collections !== undefined && (members === undefined || !members.includes(mspId))) {
      throw new Error(`tx creator does not have read access permission on privatedata in collectionName:${collection}`);
    }
  }
}

function queryResult<T>(items: T[]): Promise<Iterators.CommonIterator<T>> & AsyncIterable<T> {
  let position = 0;
  const iterator: Iterators.CommonIterator<T> = {
    next: async () => (position < items.length
      ? { value: items[position++], done: false }
      : { value: undefined as unknown as T, done: true }),
    close: async () => undefined,
  };
  return Object.assign(Promise.resolve(iterator), {
    [Symbol.asyncIterator]: async function* generate(): AsyncGenerator<T> {
      yield* items;
    },
  });
}

function notSupported(what: string): never {
  throw new Error(`${what} is not supported by FakeStub`);
}

export class FakeStub implements ChaincodeStub {
  readonly stateWrites = new Map<string, Uint8Array | null>();
  readonly validationWrites = new Map<string, Uint8Array>();
  readonly privateWrites = new Map<string, Map<string, Uint8Array | null>>();
  readonly events: ChaincodeEvent[] = [];
  /** World-state keys read, with the committed version seen (0 when absent). */
  readonly reads = new Map<string, number>();
  /** Number of calls that are a round trip to the peer on Fabric, by kind. */
  readonly calls = {
    getState: 0, putState: 0, getPrivateData: 0, putPrivateData: 0, setStateValidationParameter: 0, getStateMultiple: 0, writeBatch: 0,
  };

  /**
   * Answers the batch messages state-batch.ts sends through fabric-shim's handler, as a Fabric 3.1 peer does:
   * each key of a GET_STATE_MULTIPLE is read as by getState, each record of a WRITE_BATCH_STATE applied in order.
   */
  readonly handler: ShimMessageHandler = {
    _askPeerAndListen: async (message: ShimChaincodeMessage): Promise<Buffer> => {
      if (message.getType() === MESSAGE_TYPE.GET_STATE_MULTIPLE) {
        this.calls.getStateMultiple += 1;
        const request = peer.GetStateMultiple.deserializeBinary(message.getPayload_asU8());
        const values = await Promise.all(request.getKeysList().map((key) => this.readWithoutCounting(key)));
        const result = new peer.GetStateMultipleResult();
        result.setValuesList(values);
        return Buffer.from(result.serializeBinary());
      }
      if (message.getType() === MESSAGE_TYPE.WRITE_BATCH_STATE) {
        this.calls.writeBatch += 1;
        for (const write of peer.WriteBatchState.deserializeBinary(message.getPayload_asU8()).getRecList()) {
          this.applyWriteRecord(write);
        }
        return Buffer.alloc(0);
      }
      throw new Error(`FakeStub handler: message type ${message.getType()} is not a batch message`);
    },
  };

  constructor(
    private readonly ledger: FakeLedger,
    private readonly txId: string,
    private readonly time: string,
    private readonly transient: Map<string, Uint8Array>,
    private readonly mspId: string,
  ) {}

  /** Validates the read set and applies the writes, as the committing peer does. */
  commit(): void {
    for (const [key, version] of this.reads) {
      if ((this.ledger.versions.get(key) ?? 0) !== version) {
        throw new Error(`transaction ${this.txId} invalidated: MVCC_READ_CONFLICT on ${JSON.stringify(key)}`);
      }
    }
    const timestamp = this.getTxTimestamp();
    for (const [key, value] of [...this.stateWrites.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
      if (value === null) {
        this.ledger.state.delete(key);
      } else {
        this.ledger.state.set(key, value);
      }
      this.ledger.versions.set(key, (this.ledger.versions.get(key) ?? 0) + 1);
      const history = this.ledger.history.get(key) ?? [];
      history.unshift({ isDelete: value === null, value: value ?? Buffer.alloc(0), timestamp, txId: this.txId });
      this.ledger.history.set(key, history);
    }
    for (const [key, value] of this.validationWrites) {
      this.ledger.validationParameters.set(key, value);
    }
    for (const [collection, writes] of this.privateWrites) {
      const committed = this.ledger.privateData.get(collection) ?? new Map<string, Uint8Array>();
      for (const [key, value] of writes) {
        if (value === null) {
          committed.delete(key);
        } else {
          committed.set(key, value);
        }
      }
      this.ledger.privateData.set(collection, committed);
    }
  }

  getArgs(): string[] { return notSupported('getArgs'); }
  getStringArgs(): string[] { return notSupported('getStringArgs'); }
  getFunctionAndParameters(): { params: string[]; fcn: string } { return notSupported('getFunctionAndParameters'); }
  getTxID(): string { return this.txId; }
  getChannelID(): string { return this.ledger.channel; }
  getCreator(): SerializedIdentity { return { mspid: this.mspId, idBytes: Buffer.from(`x509::${this.mspId}`) }; }
  getMspID(): string { return notSupported('getMspID (unset in a CCaaS chaincode process)'); }
  getTransient(): Map<string, Uint8Array> { return new Map(this.transient); }
  /** Only the channel header's extension (the invoked chaincode's name), shaped as fabric-shim hands it over. */
  getSignedProposal(): ChaincodeProposal.SignedProposal {
    const chaincodeId = new peer.ChaincodeID();
    chaincodeId.setName(CHAINCODE_NAME);
    const extension = new peer.ChaincodeHeaderExtension();
    extension.setChaincodeId(chaincodeId);
    const channelHeader = { getExtension_asU8: () => extension.serializeBinary() };
    return { proposal: { header: { channelHeader } } } as unknown as ChaincodeProposal.SignedProposal;
  }
  getTxTimestamp(): Timestamp {
    const millis = Date.parse(this.time);
    return { seconds: Long.fromNumber(Math.floor(millis / 1000)), nanos: (millis % 1000) * 1_000_000 };
  }
  getDateTimestamp(): Date { return new Date(this.time); }
  getBinding(): string { return notSupported('getBinding'); }

  async getState(key: string): Promise<Uint8Array> {
    this.calls.getState += 1;
    return this.readWithoutCounting(key);
  }

  private readWithoutCounting(key: string): Uint8Array {
    this.reads.set(key, this.ledger.versions.get(key) ?? 0);
    return this.ledger.state.get(key) ?? Buffer.alloc(0);
  }

  private applyWriteRecord(write: peer.WriteRecord): void {
    const key = write.getKey();
    const collection = write.getCollection();
    const value = write.getValue_asU8();
    switch (write.getType()) {
      case peer.WriteRecord.Type.PUT_STATE:
        if (collection === '') {
          this.putPublic(key, value);
        } else {
          this.putPrivate(collection, key, value);
        }
        return;
      case peer.WriteRecord.Type.DEL_STATE:
        if (collection !== '') throw new Error('FakeStub: private deletes in a write batch are not supported');
        this.stateWrites.set(key, null);
        return;
      case peer.WriteRecord.Type.PUT_STATE_METADATA: {
        const metadata = write.getMetadata();
        if (collection !== '' || metadata?.getMetakey() !== VALIDATION_PARAMETER_METAKEY) {
          throw new Error('FakeStub: only public key-level policies are supported in a write batch');
        }
        this.validationWrites.set(key, Buffer.from(metadata.getValue_asU8()));
        return;
      }
      default:
        throw new Error(`FakeStub: write record type ${write.getType()} is not supported`);
    }
  }

  async putState(key: string, value: Uint8Array): Promise<void> {
    this.calls.putState += 1;
    this.putPublic(key, value);
  }

  private putPublic(key: string, value: Uint8Array): void {
    if (value.length === 0) {
      throw new Error(`putState of an empty value for ${JSON.stringify(key)}: Fabric treats it as a delete`);
    }
    this.stateWrites.set(key, Buffer.from(value));
  }

  async deleteState(key: string): Promise<void> {
    this.stateWrites.set(key, null);
  }

  async setStateValidationParameter(key: string, ep: Uint8Array): Promise<void> {
    this.calls.setStateValidationParameter += 1;
    this.validationWrites.set(key, Buffer.from(ep));
  }

  async getStateValidationParameter(key: string): Promise<Uint8Array> {
    return this.ledger.validationParameters.get(key) ?? Buffer.alloc(0);
  }

  getStateByRange(startKey: string, endKey: string): Promise<Iterators.StateQueryIterator> & AsyncIterable<Iterators.KV> {
    const kvs = [...this.ledger.state.entries()]
      .filter(([key]) => key >= startKey && (endKey === '' || key < endKey))
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([key, value]) => ({ namespace: 'bayrecon', key, value }));
    return queryResult(kvs);
  }

  getStateByRangeWithPagination(): Promise<StateQueryResponse<Iterators.StateQueryIterator>> & AsyncIterable<Iterators.KV> {
    return notSupported('getStateByRangeWithPagination');
  }

  getStateByPartialCompositeKey(objectType: string, attributes: string[]): Promise<Iterators.StateQueryIterator> & AsyncIterable<Iterators.KV> {
    const prefix = this.createCompositeKey(objectType, attributes);
    return this.getStateByRange(prefix, prefix + MAX_UNICODE_RUNE);
  }

  getStateByPartialCompositeKeyWithPagination(): Promise<StateQueryResponse<Iterators.StateQueryIterator>> & AsyncIterable<Iterators.KV> {
    return notSupported('getStateByPartialCompositeKeyWithPagination (Fabric refuses paginated queries in transactions that write)');
  }

  getQueryResult(): Promise<Iterators.StateQueryIterator> & AsyncIterable<Iterators.KV> {
    return notSupported('getQueryResult (LevelDB has no rich queries)');
  }

  getQueryResultWithPagination(): Promise<StateQueryResponse<Iterators.StateQueryIterator>> & AsyncIterable<Iterators.KV> {
    return notSupported('getQueryResultWithPagination');
  }

  getHistoryForKey(key: string): Promise<Iterators.HistoryQueryIterator> & AsyncIterable<Iterators.KeyModification> {
    return queryResult([...(this.ledger.history.get(key) ?? [])]);
  }

  /** A query of another channel on the same peer, under this transaction's client identity, as the peer runs it. */
  async invokeChaincode(chaincodeName: string, args: string[], channel: string): Promise<ChaincodeResponse> {
    const target = this.ledger.network?.ledgers.get(channel);
    if (chaincodeName !== CHAINCODE_NAME || target === undefined || this.ledger.network === undefined) {
      // What a peer answers for a channel it has not joined: its ACL check finds no policy manager.
      throw new Error(`INVOKE_CHAINCODE failed: transaction ID: ${this.txId}: Failed to get policy manager for channel [${channel}]`);
    }
    const payload = await this.ledger.network.evaluate(target, this.mspId, args[0], args.slice(1));
    return { status: 200, message: '', payload: Buffer.from(payload, 'utf8') };
  }

  setEvent(name: string, payload: Uint8Array): void {
    this.events.push({ name, payload: Buffer.from(payload) });
  }

  createCompositeKey(objectType: string, attributes: string[]): string {
    for (const part of [objectType, ...attributes]) {
      if (typeof part !== 'string' || part.length === 0) {
        throw new Error('object type or attribute not a non-zero length string');
      }
    }
    return COMPOSITE_KEY_NAMESPACE + objectType + MIN_UNICODE_RUNE + attributes.map((a) => a + MIN_UNICODE_RUNE).join('');
  }

  splitCompositeKey(compositeKey: string): SplitCompositekey {
    const parts = compositeKey.slice(1).split(MIN_UNICODE_RUNE).slice(0, -1);
    return { objectType: parts[0], attributes: parts.slice(1) };
  }

  async getPrivateData(collection: string, key: string): Promise<Uint8Array> {
    this.calls.getPrivateData += 1;
    this.ledger.assertCollectionAccess(collection, this.mspId);
    return this.ledger.privateData.get(collection)?.get(key) ?? Buffer.alloc(0);
  }

  async getPrivateDataHash(collection: string, key: string): Promise<Uint8Array> {
    const value = this.ledger.privateData.get(collection)?.get(key);
    return value === undefined ? Buffer.alloc(0) : createHash('sha256').update(value).digest();
  }

  async putPrivateData(collection: string, key: string, value: Uint8Array): Promise<void> {
    this.calls.putPrivateData += 1;
    this.putPrivate(collection, key, value);
  }

  private putPrivate(collection: string, key: string, value: Uint8Array): void {
    this.ledger.assertCollectionAccess(collection, this.mspId);
    if (value.length === 0) {
      throw new Error('putPrivateData of an empty value');
    }
    const writes = this.privateWrites.get(collection) ?? new Map<string, Uint8Array | null>();
    writes.set(key, Buffer.from(value));
    this.privateWrites.set(collection, writes);
  }

  async deletePrivateData(collection: string, key: string): Promise<void> {
    const writes = this.privateWrites.get(collection) ?? new Map<string, Uint8Array | null>();
    writes.set(key, null);
    this.privateWrites.set(collection, writes);
  }

  purgePrivateData(): Promise<void> { return notSupported('purgePrivateData'); }
  setPrivateDataValidationParameter(): Promise<void> { return notSupported('setPrivateDataValidationParameter'); }
  getPrivateDataValidationParameter(): Promise<Uint8Array> { return notSupported('getPrivateDataValidationParameter'); }
  getPrivateDataByRange(): Promise<Iterators.StateQueryIterator> & AsyncIterable<Iterators.KV> {
    return notSupported('getPrivateDataByRange');
  }
  getPrivateDataByPartialCompositeKey(): Promise<Iterators.StateQueryIterator> & AsyncIterable<Iterators.KV> {
    return notSupported('getPrivateDataByPartialCompositeKey');
  }
  getPrivateDataQueryResult(): Promise<Iterators.StateQueryIterator> & AsyncIterable<Iterators.KV> {
    return notSupported('getPrivateDataQueryResult');
  }
}

export class FakeClientIdentity implements ClientIdentity {
  constructor(private readonly mspId: string) {}

  assertAttributeValue(): boolean { return false; }
  getAttributeValue(): string | null { return null; }
  getID(): string { return `x509::CN=client,O=${this.mspId}::CN=ca.${this.mspId}`; }
  getIDBytes(): Uint8Array { return Buffer.from(this.getID()); }
  getMSPID(): string { return this.mspId; }
}

/** A contract as the fake network calls it: its hook, and its transactions by name. */
interface CallableContract {
  getName(): string;
  beforeTransaction(ctx: Context): Promise<void>;
}

/**
 * The channels of one peer for unit tests: the consortium channel, holding the member directory, and each bank
 * pair's channel, with its pair's collection and members; chaincode-to-chaincode queries go from one to another
 * as on a peer that has joined both, and to a channel it has not joined fail as the peer's do.
 */
export class FakeNetwork {
  readonly ledgers = new Map<string, FakeLedger>();
  readonly directory: Directory;

  constructor(private readonly contracts: readonly CallableContract[], state: DirectoryState = genesisDirectory()) {
    this.directory = new Directory(state);
    const consortium = new FakeLedger(undefined, CONSORTIUM_CHANNEL, this);
    consortium.state.set(DIRECTORY_KEY, marshal(state));
    this.ledgers.set(CONSORTIUM_CHANNEL, consortium);
  }

  /** The consortium channel's ledger. */
  get consortium(): FakeLedger {
    return this.ledgers.get(CONSORTIUM_CHANNEL) as FakeLedger;
  }

  /** The ledger of two banks' pair channel (created on first use), its collection enforcing its members. */
  pair(orgA: string, orgB: string): FakeLedger {
    const pair = this.directory.bankPair(orgA, orgB);
    let ledger = this.ledgers.get(pair.channel);
    if (ledger === undefined) {
      ledger = new FakeLedger({ [pair.collection]: this.directory.pairMembers(pair) }, pair.channel, this);
      this.ledgers.set(pair.channel, ledger);
    }
    return ledger;
  }

  /** Runs `contract:transaction` on a channel as an evaluation, with its contract's hook first. */
  async evaluate(ledger: FakeLedger, mspId: string, name: string, args: readonly string[]): Promise<string> {
    const [contractName, transaction] = name.split(':');
    const contract = this.contracts.find((candidate) => candidate.getName() === contractName);
    if (contract === undefined) throw new Error(`no contract '${contractName}' in the fake network`);
    return ledger.evaluate({ mspId }, async (ctx) => {
      await contract.beforeTransaction(ctx);
      const method = (contract as unknown as Record<string, (ctx: Context, ...args: string[]) => Promise<string>>)[transaction];
      return method.call(contract, ctx, ...args);
    });
  }
}

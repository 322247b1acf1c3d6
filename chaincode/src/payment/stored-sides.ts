import { Context } from 'fabric-contract-api';
import { PaymentRecord, PaymentSide, SideBatch, SideName, batchKey } from '@bayrecon/common';
import { keyOf, readPrivateRecord } from '../shared/state';

/**
 * The sides' details of payments as the pair's collection keeps them, found through their public records' pointers
 * (the batch blob of the side's transaction, and its index in it). Each blob is read once per transaction: a batch
 * of a bank's sides is one blob, so a counterparty's batch is mostly one read.
 */
export class StoredSides {
  private readonly blobs = new Map<string, SideBatch | undefined>();

  constructor(private readonly ctx: Context, readonly collection: string) {}

  /**
   * One side of a payment. @throws Error when this peer does not hold its details (private data not yet
   * disseminated to it): not a refusal, the same transaction can succeed once the peer has them.
   */
  async side(record: PaymentRecord, name: SideName): Promise<PaymentSide> {
    const pointer = record.sides[name];
    if (pointer === undefined) throw new Error(`payment '${record.uetr}' has no ${name} side`);
    if (!this.blobs.has(pointer.txId)) {
      this.blobs.set(pointer.txId, await readPrivateRecord<SideBatch>(this.ctx, this.collection, keyOf(this.ctx, batchKey(pointer.txId))));
    }
    const side = this.blobs.get(pointer.txId)?.sides[pointer.detailsIndex];
    if (side === undefined) {
      throw new Error(`the ${name} details of payment '${record.uetr}' are missing from ${this.collection} on this peer (not yet disseminated?)`);
    }
    return side;
  }

  /** Both sides of a payment: those in `inHand` (sides this transaction carries), the others from the collection. */
  async both(record: PaymentRecord, inHand: readonly PaymentSide[] = []): Promise<{ debtorSide: PaymentSide; creditorSide: PaymentSide }> {
    const find = async (name: SideName): Promise<PaymentSide> => inHand.find((side) => side.side === name) ?? this.side(record, name);
    return { debtorSide: await find('DEBTOR_AGENT'), creditorSide: await find('CREDITOR_AGENT') };
  }
}

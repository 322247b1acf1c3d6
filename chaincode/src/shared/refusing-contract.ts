import { Context, Contract } from 'fabric-contract-api';
import { RefusalError, refusalOnTheWire } from '@bayrecon/common';

/**
 * An error as it leaves the chaincode: a refusal becomes its kind, message and issues as JSON behind the
 * refusal marker (see REFUSAL_MARKER in @bayrecon/common), which is all fabric-contract-api passes on (the
 * error's message); any other error leaves as it is.
 */
export function onTheWire(error: unknown): unknown {
  return error instanceof RefusalError ? new Error(refusalOnTheWire(error.refusal)) : error;
}

/**
 * A contract whose refusals reach the client readable by a program. Transactions and their guards throw
 * {@link RefusalError}s with the person's message (what unit tests and logs see); the hooks that
 * fabric-contract-api calls around every transaction put them on the wire.
 */
export abstract class RefusingContract extends Contract {
  /** What every transaction of the contract checks before it runs: that it runs in its own namespace. */
  protected abstract admit(ctx: Context): void;

  override async beforeTransaction(ctx: Context): Promise<void> {
    try {
      this.admit(ctx);
    } catch (error) {
      throw onTheWire(error);
    }
  }

  override async aroundTransaction(ctx: Context, fn: (...args: unknown[]) => unknown, parameters: unknown[]): Promise<void> {
    try {
      return await super.aroundTransaction(ctx, fn, parameters);
    } catch (error) {
      throw onTheWire(error);
    }
  }
}

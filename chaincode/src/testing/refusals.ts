import { strict as assert } from 'node:assert';
import { Refusal, RefusalError, readRefusal, refusalText } from '@bayrecon/common';

/**
 * The refusal a transaction ends with, thrown by the contract's code or as the contract's hooks put it on the
 * wire; fails the test when the transaction succeeds or fails with an error that is no refusal.
 */
export async function refused(promise: Promise<unknown>): Promise<Refusal> {
  try {
    await promise;
  } catch (error) {
    const refusal = error instanceof RefusalError ? error.refusal : readRefusal(error instanceof Error ? error.message : String(error));
    assert.ok(refusal !== undefined, `expected a refusal, got ${String(error)}`);
    return refusal;
  }
  assert.fail('expected the transaction to be refused');
}

/** The refusal a transaction ends with, as a person reads it: its message, then each issue on a line. */
export async function refusal(promise: Promise<unknown>): Promise<string> {
  return refusalText(await refused(promise));
}

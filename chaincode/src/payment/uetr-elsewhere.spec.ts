import { strict as assert } from 'node:assert';
import { Context } from 'fabric-contract-api';
import { ChaincodeResponse } from 'fabric-shim';
import { BankPair, Directory, RefusalError, genesisDirectory } from '@bayrecon/common';
import { uetrOf } from '../testing/fixtures';
import { uetrsRecordedElsewhere } from './uetr-elsewhere';

/** A transaction context whose questions to other channels get `answer(channel)`. */
function contextAnswering(answer: (channel: string) => Promise<ChaincodeResponse>): { ctx: Context; asked: string[] } {
  const asked: string[] = [];
  const stub = { invokeChaincode: (_name: string, _args: string[], channel: string) => { asked.push(channel); return answer(channel); } };
  return { ctx: { stub } as unknown as Context, asked };
}

const taken = (uetrs: string[]): Promise<ChaincodeResponse> =>
  Promise.resolve({ status: 200, message: '', payload: Buffer.from(JSON.stringify(uetrs), 'utf8') });
const never = (): Promise<ChaincodeResponse> => new Promise(() => undefined);

describe('the UETR check across a bank pair\'s other pairs', () => {
  const directory = new Directory(genesisDirectory());
  const szHk = directory.bankPairsOf('SZBankMSP').find((pair) => pair.orgs.includes('HKBankMSP')) as BankPair;
  const sides = [{ uetr: uetrOf(1), path: 'sides[0]' }, { uetr: uetrOf(2), path: 'sides[1]' }];

  it('asks every other pair of the two banks and names the sides whose UETR one of them records', async () => {
    const { ctx, asked } = contextAnswering((channel) => taken(channel === 'pair-mobank-szbank' ? [uetrOf(2)] : []));
    const issues = await uetrsRecordedElsewhere(ctx, directory, szHk, sides);
    assert.deepEqual([...new Set(asked)].sort(), ['pair-hkbank-mobank', 'pair-mobank-szbank']);
    assert.deepEqual(issues.map((issue) => issue.path), ['sides[1].uetr']);
  });

  it('refuses the batch as UNAVAILABLE when another channel does not answer within the deadline', async () => {
    const { ctx } = contextAnswering((channel) => (channel === 'pair-hkbank-mobank' ? never() : taken([])));
    const started = Date.now();
    const refusal = await uetrsRecordedElsewhere(ctx, directory, szHk, sides, 200).then(
      () => assert.fail('the check answered though a channel never did'), (error: unknown) => error);
    assert.ok(refusal instanceof RefusalError, String(refusal));
    assert.equal(refusal.kind, 'UNAVAILABLE');
    assert.match(refusal.message, /did not finish within 200 ms; nothing was written: send the batch again/);
    assert.doesNotMatch(refusal.message, /mobank|MOBank/, 'the refusal names no pair');
    assert.ok(Date.now() - started >= 190 && Date.now() - started < 2_000, `refused after ${Date.now() - started} ms`);
  });

  it('counts the deadline for all the questions of the transaction together, not for each', async () => {
    const slow = (): Promise<ChaincodeResponse> => new Promise((resolve) => setTimeout(() => resolve({ status: 200, message: '', payload: Buffer.from('[]') }), 150));
    const { ctx } = contextAnswering(slow);
    await assert.rejects(uetrsRecordedElsewhere(ctx, directory, szHk, sides, 250), (error: unknown) => error instanceof RefusalError && error.kind === 'UNAVAILABLE');
  });

  it('drops an answer that comes after the deadline without an unhandled rejection', async () => {
    let fail: (error: Error) => void = () => undefined;
    const late = new Promise<ChaincodeResponse>((_, reject) => { fail = reject; });
    const { ctx } = contextAnswering(() => late);
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      await assert.rejects(uetrsRecordedElsewhere(ctx, directory, szHk, sides, 50), (error: unknown) => error instanceof RefusalError);
      fail(new Error('the peer answered too late'));
      await new Promise((resolve) => setTimeout(resolve, 20));
      assert.deepEqual(unhandled, []);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});

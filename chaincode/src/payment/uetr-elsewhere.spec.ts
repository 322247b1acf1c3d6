import { strict as assert } from 'node:assert';
import { Context } from 'fabric-contract-api';
import { ChaincodeResponse } from 'fabric-shim';
import { BankPair, Directory, RefusalError, genesisDirectory } from '@bayrecon/common';
import { ShimMessageHandler } from '../shared/state-batch';
import { uetrOf } from '../testing/fixtures';
import { uetrsRecordedElsewhere } from './uetr-elsewhere';
import { ChannelWaits } from './channel-waits';

/** A stand-in for the message handler of one peer connection; the UETR check sends no message through it. */
function aPeer(): ShimMessageHandler {
  return { _askPeerAndListen: () => Promise.reject(new Error('a stand-in peer answers no message')) };
}

/** A transaction context whose questions to other channels get `answer(channel)`; `peer` stands for its peer connection. */
function contextAnswering(answer: (channel: string) => Promise<ChaincodeResponse>, peer: ShimMessageHandler = aPeer()): { ctx: Context; asked: string[] } {
  const asked: string[] = [];
  const stub = { handler: peer, invokeChaincode: (_name: string, _args: string[], channel: string) => { asked.push(channel); return answer(channel); } };
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
    const refusal = await uetrsRecordedElsewhere(ctx, directory, szHk, sides, { deadlineMs: 200, cycleGraceMs: 100 }).then(
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
    await assert.rejects(uetrsRecordedElsewhere(ctx, directory, szHk, sides, { deadlineMs: 250, cycleGraceMs: 100 }), (error: unknown) => error instanceof RefusalError && error.kind === 'UNAVAILABLE');
  });

  it('drops an answer that comes after the deadline without an unhandled rejection', async () => {
    let fail: (error: Error) => void = () => undefined;
    const late = new Promise<ChaincodeResponse>((_, reject) => { fail = reject; });
    const { ctx } = contextAnswering(() => late);
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      await assert.rejects(uetrsRecordedElsewhere(ctx, directory, szHk, sides, { deadlineMs: 50, cycleGraceMs: 25 }), (error: unknown) => error instanceof RefusalError);
      fail(new Error('the peer answered too late'));
      await new Promise((resolve) => setTimeout(resolve, 20));
      assert.deepEqual(unhandled, []);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });

  describe('on a cycle of questions between two channels of one peer', () => {
    const szMo = directory.bankPairsOf('SZBankMSP').find((pair) => pair.orgs.includes('MOBankMSP')) as BankPair;
    const limits = { deadlineMs: 2_000, cycleGraceMs: 100 };

    it('refuses the youngest question of the cycle as UNAVAILABLE after the grace, and the older one is answered', async () => {
      const peer = aPeer();
      let answerOlder: (response: ChaincodeResponse) => void = () => undefined;
      const older = contextAnswering((channel) => (channel === szMo.channel
        ? new Promise<ChaincodeResponse>((resolve) => { answerOlder = resolve; }) : taken([])), peer);
      const olderCheck = uetrsRecordedElsewhere(older.ctx, directory, szHk, sides, limits);
      await new Promise((resolve) => setTimeout(resolve, 10));
      const younger = contextAnswering((channel) => (channel === szHk.channel ? never() : taken([])), peer);
      const started = Date.now();
      const refusal = await uetrsRecordedElsewhere(younger.ctx, directory, szMo, sides, limits).then(
        () => assert.fail('the younger question was answered'), (error: unknown) => error);
      assert.ok(refusal instanceof RefusalError, String(refusal));
      assert.equal(refusal.kind, 'UNAVAILABLE');
      assert.match(refusal.message, /waited on a transaction of this peer that waits on this one; nothing was written: send the batch again/);
      assert.ok(Date.now() - started >= 90 && Date.now() - started < 1_000, `refused after ${Date.now() - started} ms`);
      answerOlder({ status: 200, message: '', payload: Buffer.from(JSON.stringify([uetrOf(1)])) });
      assert.deepEqual((await olderCheck).map((issue) => issue.path), ['sides[0].uetr']);
    });

    it('lets a question wait past the grace when no cycle holds it, and the same questions on two peers are no cycle', async () => {
      const slowly = (): Promise<ChaincodeResponse> => new Promise((resolve) => setTimeout(() => resolve({ status: 200, message: '', payload: Buffer.from('[]') }), 300));
      const onSzBank = contextAnswering(slowly, aPeer());
      const onAnotherPeer = contextAnswering(slowly, aPeer());
      const checks = [
        uetrsRecordedElsewhere(onSzBank.ctx, directory, szHk, sides, limits),
        uetrsRecordedElsewhere(onAnotherPeer.ctx, directory, szMo, sides, limits),
      ];
      assert.deepEqual(await Promise.all(checks), [[], []]);
    });
  });
});

describe('the wait-for graph of a peer\'s questions to other channels', () => {
  it('names only the youngest wait of a cycle, through any number of channels, and forgets waits that ended', () => {
    const waits = new ChannelWaits();
    const xy = waits.begin('x', 'y');
    const yz = waits.begin('y', 'z');
    assert.equal(waits.isYoungestOfCycle(yz), false, 'no cycle yet');
    const zx = waits.begin('z', 'x');
    assert.equal(waits.isYoungestOfCycle(zx), true);
    assert.equal(waits.isYoungestOfCycle(xy), false, 'an older wait of the cycle keeps waiting');
    assert.equal(waits.isYoungestOfCycle(yz), false);
    waits.end(yz);
    assert.equal(waits.isYoungestOfCycle(zx), false, 'the cycle ended with the wait from y');
    waits.end(zx);
    assert.equal(waits.isYoungestOfCycle(zx), false, 'an ended wait is in no cycle');
  });
});

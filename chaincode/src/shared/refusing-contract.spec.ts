import { strict as assert } from 'node:assert';
import { Context } from 'fabric-contract-api';
import { RefusalError, readRefusal } from '@bayrecon/common';
import { HeartbeatContract } from '../heartbeat/heartbeat.contract';
import { FakeLedger } from '../testing/fake-ledger';
import { onTheWire } from './refusing-contract';

/** What fabric-contract-api sends the peer for an error a transaction threw: its message alone. */
async function wireMessage(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
  } catch (error) {
    return (error as Error).message;
  }
  assert.fail('expected an error');
}

describe('refusals on the wire', () => {
  const contract = new HeartbeatContract();

  it('sends a refusal thrown in a transaction as its kind, message and issues, which a client reads back', async () => {
    const ledger = new FakeLedger();
    const message = await wireMessage(() => ledger.evaluate({ mspId: 'SZBankMSP' }, (ctx: Context) => contract.aroundTransaction(ctx, 'read' as never, ['NoSuchOrgMSP']) as unknown as Promise<string>));
    assert.deepEqual(readRefusal(message), { kind: 'NOT_FOUND', message: 'no heartbeat recorded for org NoSuchOrgMSP', issues: [] });
  });

  it('sends a refusal of the namespace check before the transaction the same way', async () => {
    const ledger = new FakeLedger(undefined, 'payments_HKBank_SZBank');
    const message = await wireMessage(() => ledger.evaluate({ mspId: 'SZBankMSP' }, (ctx: Context) => contract.beforeTransaction(ctx).then(() => '')));
    assert.equal(readRefusal(message)?.kind, 'INVALID');
  });

  it('leaves an error that is no refusal as it is', () => {
    const bug = new TypeError('cannot read properties of undefined');
    assert.equal(onTheWire(bug), bug);
    assert.equal(readRefusal((onTheWire(new RefusalError('FORBIDDEN', 'no')) as Error).message)?.kind, 'FORBIDDEN');
  });
});

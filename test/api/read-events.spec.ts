import { strict as assert } from 'node:assert';
import { IncomingHttpHeaders, Server, createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { connectAs, OrgConnection } from '../../network/client/org-gateway';
import { verifyWebhook } from '../../api/src/events/webhook-signature';
import { ApiInstance, startApi } from '../support/api-instance';
import { hkCreditorSide, newUetr, submitSides, szDebtorSide } from '../support/payments';
import { uniqueSettlementDate, waitFor } from '../support/read-side';
import { readSse, SseMessage } from '../support/sse';

interface Received { headers: IncomingHttpHeaders; body: string; answered: number }
interface StatusChange { id: string; uetr: string; status: string; previousStatus: string | null; transactionId: string; blockNumber: number }

/**
 * Events out over HTTP: HKBank's API process on the running network streams status changes (SSE) and posts signed
 * webhooks to a receiver in this test, which refuses the first delivery to see it retried.
 */
describe('API read side: Server-Sent Events and signed webhooks', function () {
  this.timeout(300_000);
  const secret = `whsec-${newUetr()}`;
  const date = uniqueSettlementDate();
  const received: Received[] = [];
  /** Event ids the receiver has refused once: it answers 500 to the first delivery of each event, 204 after. */
  const refusedOnce = new Set<string>();
  let receiver: Server;
  let hkApi: ApiInstance;
  let sz: OrgConnection;
  let hk: OrgConnection;

  before(async () => {
    receiver = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const eventId = String(request.headers['x-bayrecon-event-id']);
        const answered = refusedOnce.has(eventId) ? 204 : 500;
        refusedOnce.add(eventId);
        received.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8'), answered });
        response.writeHead(answered).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const port = (receiver.address() as AddressInfo).port;
    hkApi = await startApi('HKBank', {
      port: 3202,
      env: { WEBHOOK_URLS: `http://127.0.0.1:${port}/bayrecon-hook`, WEBHOOK_SECRET: secret, WEBHOOK_RETRY_BASE_MS: '300' },
    });
    sz = connectAs('SZBank');
    hk = connectAs('HKBank');
  });

  after(async () => {
    await hkApi?.dispose();
    sz?.close();
    hk?.close();
    await new Promise((resolve) => receiver?.close(resolve));
  });

  it('streams a payment\'s status changes to an authenticated SSE client as the projection applies them', async () => {
    assert.equal((await fetch(`${hkApi.url}/events`)).status, 401);
    const abort = new AbortController();
    const response = await fetch(`${hkApi.url}/events`, { headers: hkApi.headers('viewer'), signal: abort.signal });
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^text\/event-stream/);
    const messages: SseMessage[] = [];
    const reading = readSse(response, (message) => messages.push(message));
    try {
      const uetr = newUetr();
      const first = await submitSides(sz, [szDebtorSide(uetr, { interbankSettlementDate: date })]);
      const second = await submitSides(hk, [hkCreditorSide(uetr, { interbankSettlementDate: date })]);
      const changes = await waitFor('both status changes on the stream', async () => {
        const mine = messages.filter((message) => message.event === 'payment.status_changed')
          .map((message) => JSON.parse(message.data) as StatusChange).filter((change) => change.uetr === uetr);
        return mine.length >= 2 ? mine : undefined;
      }, 60_000);
      assert.deepEqual(changes.map((change) => [change.previousStatus, change.status, change.transactionId]), [
        [null, 'PENDING_COUNTERPARTY', first.txId], ['PENDING_COUNTERPARTY', 'MATCHED', second.txId],
      ]);
      assert.equal(changes[1].id, `${second.txId}:${uetr}`);
    } finally {
      abort.abort();
      await reading;
    }
  });

  it('posts each change signed with HMAC-SHA256 of its timestamp and body, and retries a delivery the receiver refused', async () => {
    const uetr = newUetr();
    const submittedAfter = received.length;
    const result = await submitSides(sz, [szDebtorSide(uetr, { interbankSettlementDate: date })]);
    const deliveries = await waitFor('the delivery, its refusal and its retry', async () => {
      const mine = received.slice(submittedAfter).filter((delivery) => (JSON.parse(delivery.body) as StatusChange).uetr === uetr);
      return mine.length >= 2 && mine.some((delivery) => delivery.answered === 204) ? mine : undefined;
    }, 60_000);
    assert.equal(deliveries[0].answered, 500, 'the first attempt was refused');
    assert.equal(deliveries[1].answered, 204, 'and the retry accepted');
    assert.equal(deliveries[1].body, deliveries[0].body, 'a retry sends the same bytes');
    for (const delivery of deliveries) {
      assert.equal(delivery.headers['content-type'], 'application/json');
      const signed = { body: delivery.body, signature: delivery.headers['x-bayrecon-signature'] as string, timestamp: delivery.headers['x-bayrecon-timestamp'] as string };
      assert.match(signed.timestamp, /^\d{10}$/);
      assert.ok(verifyWebhook(secret, signed), 'signature verifies');
      assert.ok(!verifyWebhook(`${secret}x`, signed));
      assert.ok(!verifyWebhook(secret, { ...signed, timestamp: String(Number(signed.timestamp) + 1) }), 'the timestamp is signed');
      assert.equal(delivery.headers['x-bayrecon-event-id'], `${result.txId}:${uetr}`);
    }
    const change = JSON.parse(deliveries[0].body) as StatusChange;
    assert.deepEqual([change.status, change.previousStatus, change.transactionId], ['PENDING_COUNTERPARTY', null, result.txId]);
  });
});

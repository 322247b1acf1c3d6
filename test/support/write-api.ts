import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { connectAs } from '../../network/client/org-gateway';
import { peerOrgs, readNetworkMap } from '../../network/client/network-map';
import { ApiInstance } from './api-instance';
import { fetchRetryingReset } from './http';
import { catchUp } from './payments';

/** An HTTP answer of an API instance: status and parsed JSON body. */
export interface Answer<T = any> { // eslint-disable-line @typescript-eslint/no-explicit-any
  status: number;
  body: T;
}

export interface CallOptions {
  json?: unknown;
  text?: string;
  contentType?: string;
  form?: FormData;
  headers?: Record<string, string>;
  role?: 'submitter' | 'viewer';
}

/** Calls an API instance with its submitter key (unless told otherwise). */
export async function call(api: ApiInstance, method: string, route: string, options: CallOptions = {}): Promise<Answer> {
  const headers: Record<string, string> = { ...api.headers(options.role ?? 'submitter'), ...options.headers };
  let body: string | FormData | undefined;
  if (options.json !== undefined) {
    headers['content-type'] = options.contentType ?? 'application/json';
    body = JSON.stringify(options.json);
  } else if (options.text !== undefined) {
    headers['content-type'] = options.contentType ?? 'application/xml';
    body = options.text;
  } else if (options.form !== undefined) {
    body = options.form;
  }
  const response = await fetchRetryingReset(`${api.url}${route}`, { method, headers, body });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON: keep the text for the assertion message
  }
  return { status: response.status, body: parsed };
}

/**
 * Waits until, on every channel, each member's peer has every block any of them has: an API instance reads from
 * its own org's peer, which can be a block behind the peer that just committed another org's write.
 */
export async function allPeersCaughtUp(): Promise<void> {
  const network = readNetworkMap();
  const peers = peerOrgs(network).map((org) => connectAs(org, { network }));
  try {
    await catchUp(peers);
  } finally {
    peers.forEach((peer) => peer.close());
  }
}

/** A submission's items as GET /submissions/:id gives them. */
export interface SettledSubmission {
  items: { uetr: string; side: string; status: string; transactionId: string | null; lastError: string | null }[];
}

/** Polls GET /submissions/:id until no item is PENDING. */
async function untilSettled(api: ApiInstance, submissionId: string, deadline: number, timeoutMs: number): Promise<SettledSubmission> {
  for (;;) {
    const answer = await call(api, 'GET', `/submissions/${submissionId}`);
    if (answer.status !== 200) throw new Error(`GET /submissions/${submissionId}: ${answer.status} ${JSON.stringify(answer.body)}`);
    const items = answer.body.items as { status: string }[];
    if (items.every((item) => item.status !== 'PENDING')) return answer.body;
    if (Date.now() > deadline) throw new Error(`submission ${submissionId} still has PENDING items after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Polls GET /submissions/:id until no item is PENDING, then until every peer has caught up; returns the submission. */
export async function settledSubmission(api: ApiInstance, submissionId: string, timeoutMs = 90_000): Promise<SettledSubmission> {
  const settled = await untilSettled(api, submissionId, Date.now() + timeoutMs, timeoutMs);
  await allPeersCaughtUp();
  return settled;
}

/** {@link settledSubmission} of many submissions, with one catch-up of the peers once every one has settled. */
export async function settledSubmissions(submissions: readonly { api: ApiInstance; id: string }[], timeoutMs = 240_000): Promise<SettledSubmission[]> {
  const deadline = Date.now() + timeoutMs;
  const settled: SettledSubmission[] = [];
  for (const { api, id } of submissions) settled.push(await untilSettled(api, id, deadline, timeoutMs));
  await allPeersCaughtUp();
  return settled;
}

/** An ISO 20022 or CSV fixture of api/fixtures/iso20022. */
export function fixture(name: string): string {
  return readFileSync(path.resolve(__dirname, '..', '..', 'api', 'fixtures', 'iso20022', name), 'utf8');
}

/** The text with every UETR replaced by a fresh one (the same old UETR gets the same new one), for a reused network. */
export function withFreshUetrs(text: string): { text: string; uetrs: string[] } {
  const mapping = new Map<string, string>();
  const replaced = text.replace(/[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}/g, (old) => {
    if (!mapping.has(old)) mapping.set(old, randomUUID());
    return mapping.get(old) as string;
  });
  return { text: replaced, uetrs: [...mapping.values()] };
}

import { strict as assert } from 'node:assert';
import { ledgerMessage, refusalIn } from '../support/payments';
import { Answer } from '../support/write-api';
import { Category, Channel, Layer, Outcome, attemptsIn, recordAttempt } from './security-counts';

export interface Verdict {
  outcome: Outcome;
  detail: string;
  /** The layer that refused, for a refused attempt (see {@link Layer}). */
  layer?: Layer;
}

/** Which layer answered an HTTP refusal: the ledger's when the error body carries the chaincode's refusal kind. */
export function layerOfAnswer(answer: Answer): Layer {
  const error = (answer.body as { error?: { refusal?: string } } | undefined)?.error;
  return error?.refusal === undefined ? 'API' : 'chaincode';
}

/** Which layer refused a ledger call, from the error the peer or the gateway gave. */
export function layerOfLedgerError(error: unknown): Layer {
  if (refusalIn(error) !== undefined) return 'chaincode';
  const message = ledgerMessage(error);
  if (/ENDORSEMENT_POLICY_FAILURE/.test(message)) return 'endorsement policy';
  if (/failed to get config for channel|channel .* not found|cannot find channel|failed to find any endorsing peers|Invalid chain ID|Unexpected status response: 404/i.test(message)) return 'channel';
  if (/access denied|creator (org|certificate)|certificate .*(invalid|not valid|unknown authority)|signature|Failed evaluating policy|Unexpected status response: 403/i.test(message)) return 'MSP';
  return 'unclassified';
}

const clip = (text: string, length = 240): string => (text.length > length ? `${text.slice(0, length)}…` : text);

/** An error body's message and every problem's path and reason, as one line to match a reason against. */
function reasonOf(answer: Answer): string {
  const error = (answer.body as { error?: { message?: string; problems?: { path?: string; reason: string }[] } })?.error;
  if (error === undefined) return clip(typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body));
  const problems = (error.problems ?? []).map((problem) => (problem.path ? `${problem.path}: ${problem.reason}` : problem.reason));
  return [error.message ?? '', ...problems].join(' | ');
}

/** Refused when the answer has the expected 4xx status and a reason matching `reason`. */
export function refusedWith(answer: Answer, status: number, reason: RegExp): Verdict {
  const text = reasonOf(answer);
  if (answer.status === status && reason.test(text)) return { outcome: 'refused', detail: clip(`${answer.status} ${text}`), layer: layerOfAnswer(answer) };
  if (answer.status >= 400 && answer.status < 500) {
    return { outcome: 'wrong reason', detail: clip(`expected ${status} ${reason}, got ${answer.status} ${text}`, 400) };
  }
  return { outcome: 'accepted', detail: clip(`${answer.status} ${JSON.stringify(answer.body)}`, 400) };
}

/** Refused when the ledger call fails with a message matching `reason` (the chaincode's or the peer's). */
export async function ledgerRefused(call: Promise<unknown>, reason: RegExp): Promise<Verdict> {
  let result: unknown;
  try {
    result = await call;
  } catch (error) {
    const message = ledgerMessage(error).replace(/\s+/g, ' ');
    return reason.test(message)
      ? { outcome: 'refused', detail: clip(message), layer: layerOfLedgerError(error) }
      : { outcome: 'wrong reason', detail: clip(`expected ${reason}, got ${message}`, 400) };
  }
  const text = result instanceof Uint8Array
    ? Buffer.from(result).toString('utf8')
    : JSON.stringify(result, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value));
  return { outcome: 'accepted', detail: clip(`the ledger answered ${text}`, 400) };
}

/**
 * For reads that are answered but must not give something away: refused when the answer has the expected
 * status and none of the secrets appears in it. `layer`: what kept them out (for an instance of an org that is
 * not on the pair's channel, the channel: the instance never received the blocks).
 */
export function withheld(answer: Answer, status: number, secrets: readonly string[], what: string, layer: Layer): Verdict {
  const text = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
  const leaked = secrets.filter((secret) => text.includes(secret));
  if (leaked.length > 0) return { outcome: 'accepted', detail: clip(`${answer.status}: shows ${leaked.join(', ')}`) };
  if (answer.status !== status) return { outcome: 'wrong reason', detail: clip(`expected ${status}, got ${answer.status} ${text}`) };
  return { outcome: 'refused', detail: `${answer.status}: ${what}`, layer };
}

/**
 * Makes one attempt, judges it and counts it. An attempt that fails in an unexpected way counts as refused for
 * the wrong reason: an error of the test itself proves nothing about the rule under test.
 */
export async function attempt(category: Category, name: string, channel: Channel, run: () => Promise<Verdict>): Promise<Verdict> {
  let verdict: Verdict;
  try {
    verdict = await run();
  } catch (error) {
    verdict = { outcome: 'wrong reason', detail: clip(`the attempt itself failed: ${(error as Error).stack ?? String(error)}`, 600) };
  }
  recordAttempt({ category, attempt: name, channel, outcome: verdict.outcome, detail: verdict.detail, layer: verdict.outcome === 'refused' ? verdict.layer ?? 'unclassified' : undefined });
  return verdict;
}

/** Fails, naming each one, unless every attempt of the category was refused as expected: refused == attempts. */
export function assertEveryAttemptRefused(category: Category, attempts: number): void {
  const records = attemptsIn(category);
  const notRefused = records.filter((record) => record.outcome !== 'refused')
    .map((record) => `${record.outcome}: ${record.attempt} (${record.channel}): ${record.detail}`);
  assert.deepEqual(notRefused, [], `${category}: ${notRefused.length} of ${records.length} attempts not refused as expected`);
  assert.equal(records.length, attempts, `${category}: every attempt made is counted`);
  assert.equal(records.filter((record) => record.outcome === 'refused').length, attempts, `${category}: refused == attempts`);
}

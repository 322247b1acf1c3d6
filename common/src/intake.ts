import { RefusalError } from './refusal';

/**
 * What a bank's API instance announces with every batch of sides it sends: which outbox it sends from (an id its
 * database draws once, so that a database restored from a backup keeps it and another instance of the same bank,
 * with a database of its own, has another) and how many sides that outbox had accepted for the batch's
 * counterparty when the batch was sent, pending ones included. The chaincode stores nothing of it; it is carried
 * in the batch's PaymentsChanged event, where the bank reads it back from the ledger after losing its database
 * (see docs/backup-and-restore.md).
 */
export interface IntakeAnnouncement {
  /** The submitting bank's MSP id (the transaction's creator, never an argument). */
  org: string;
  outbox: string;
  acceptedSides: number;
}

/** Longest outbox id: a UUID fits, and an announcement stays small in every block. */
export const MAX_OUTBOX_ID_LENGTH = 64;
const OUTBOX_ID = /^[A-Za-z0-9-]+$/;
const COUNT = /^(0|[1-9][0-9]*)$/;

/**
 * Reads submitSides' `outbox` and `acceptedSides` arguments: both empty for a client without an outbox (which
 * announces nothing), otherwise an id of 1 to 64 letters, digits and hyphens and a non-negative safe integer.
 * Throws an INVALID refusal naming the argument otherwise.
 */
export function parseIntake(outbox: string, acceptedSides: string): { outbox: string; acceptedSides: number } | undefined {
  if (outbox === '' && acceptedSides === '') return undefined;
  if (outbox.length > MAX_OUTBOX_ID_LENGTH || !OUTBOX_ID.test(outbox)) {
    throw RefusalError.ofField('INVALID', 'outbox', `expected 1 to ${MAX_OUTBOX_ID_LENGTH} letters, digits and hyphens (or '' with acceptedSides ''), got ${JSON.stringify(outbox.slice(0, 80))}`);
  }
  const count = Number(acceptedSides);
  if (!COUNT.test(acceptedSides) || !Number.isSafeInteger(count)) {
    throw RefusalError.ofField('INVALID', 'acceptedSides', `expected a non-negative safe integer in decimal digits, got ${JSON.stringify(acceptedSides.slice(0, 80))}`);
  }
  return { outbox, acceptedSides: count };
}

/** The `outbox` and `acceptedSides` arguments of a submitSides call, from an announcement or none. */
export function intakeArguments(intake: { outbox: string; acceptedSides: number } | undefined): [string, string] {
  return intake === undefined ? ['', ''] : [intake.outbox, String(intake.acceptedSides)];
}

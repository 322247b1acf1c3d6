import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { canonicalHash, canonicalJson, PaymentSide } from '@bayrecon/common';
import { ConflictError, Problem } from '../errors/domain-errors';
import { addAccepted } from '../intake/intake-counters';
import { selectRows } from '../sql/select-rows';
import { OutboxItemEntity, OutboxStatus, SubmissionEntity, sideKeyOf } from './outbox.entities';
import { OutboxWorker } from './outbox.worker';

export interface AcceptedItem {
  id: number;
  uetr: string;
  side: string;
  status: OutboxStatus;
  transactionId: string | null;
  lastError: string | null;
}

export interface Acceptance {
  submissionId: string;
  /** True when this answer replays an earlier request with the same Idempotency-Key. */
  replayed: boolean;
  items: AcceptedItem[];
}

const now = (): string => new Date().toISOString();
// Keeps each INSERT well under SQLite's and PostgreSQL's limits on bound parameters.
const INSERT_CHUNK = 200;

/**
 * How long a creditor agent's side waits before it is sent when this instance has not yet seen the debtor agent's
 * side of the payment on the ledger. When both banks send the same payment at the same moment, the debtor agent's
 * transaction then usually commits first and the creditor agent's reads it, instead of both writing the same new
 * payment key in one block and one of them being invalidated and sent again. It is the order payments flow in
 * anyway: the creditor agent learns of a payment from the debtor agent's message. A held side goes as soon as the
 * projection records the debtor agent's side (`HeldSideRelease`), so the hold-back is only the bound for a debtor
 * side that is slow or never comes. It is longer than a loaded network's commit of the debtor side: a creditor
 * side released before it collides, and the whole batch it went in is invalidated and sent again.
 */
export const CREDITOR_HOLD_BACK_MS = 2_000;

/** What acceptance needs of an item already accepted: its answer, and its key and hash for the conflict check. */
interface AcceptedRow extends AcceptedItem {
  sideKey: string;
  payloadHash: string;
}

const toAccepted = (item: AcceptedItem): AcceptedItem => ({
  id: item.id, uetr: item.uetr, side: item.side, status: item.status, transactionId: item.transactionId, lastError: item.lastError,
});

/**
 * Accepts validated payment sides into the outbox, all or nothing, before the API answers 202. Resending is
 * safe: the same Idempotency-Key replays the first answer, and a side already accepted with identical content
 * (same UETR and side) is not queued again; different content for it is refused (amend instead).
 */
@Injectable()
export class OutboxService {
  constructor(private readonly dataSource: DataSource, private readonly worker: OutboxWorker) {}

  async accept(sides: PaymentSide[], source: string, idempotencyKey: string | undefined): Promise<Acceptance> {
    const requestHash = canonicalHash({ source, sides });
    const acceptance = await this.dataSource.transaction((manager) => this.acceptIn(manager, sides, source, idempotencyKey, requestHash));
    if (!acceptance.replayed) this.worker.wake(sides.length);
    return acceptance;
  }

  async submission(id: string): Promise<Acceptance | undefined> {
    const submission = await this.dataSource.getRepository(SubmissionEntity).findOneBy({ id });
    if (submission === null) return undefined;
    const items = await this.dataSource.getRepository(OutboxItemEntity).find({ where: { submissionId: id }, order: { id: 'ASC' } });
    return { submissionId: id, replayed: false, items: items.map(toAccepted) };
  }

  private async acceptIn(manager: EntityManager, sides: PaymentSide[], source: string, idempotencyKey: string | undefined,
    requestHash: string): Promise<Acceptance> {
    if (idempotencyKey !== undefined) {
      const earlier = await manager.findOneBy(SubmissionEntity, { idempotencyKey });
      if (earlier !== null) {
        if (earlier.requestHash !== requestHash) {
          throw new ConflictError(`Idempotency-Key '${idempotencyKey}' was used for a different request`);
        }
        const items = await manager.find(OutboxItemEntity, { where: { submissionId: earlier.id }, order: { id: 'ASC' } });
        return { submissionId: earlier.id, replayed: true, items: items.map(toAccepted) };
      }
    }

    const keys = sides.map((side) => sideKeyOf(side.uetr, side.side));
    const existing = new Map((await this.findAllByKeys(manager, keys)).map((item) => [item.sideKey, item]));
    const conflicts: Problem[] = [];
    const fresh: PaymentSide[] = [];
    const seen = new Map<string, string>();
    sides.forEach((side, index) => {
      const key = sideKeyOf(side.uetr, side.side);
      const hash = canonicalHash(side);
      const earlier = existing.get(key);
      if (earlier !== undefined && earlier.payloadHash !== hash) {
        conflicts.push({ path: `sides[${index}]`, reason: `UETR ${side.uetr} ${side.side} was already submitted with other content: amend it instead` });
      } else if (seen.has(key) && seen.get(key) !== hash) {
        conflicts.push({ path: `sides[${index}]`, reason: `UETR ${side.uetr} ${side.side} appears twice in this request with different content` });
      } else if (earlier === undefined && !seen.has(key)) {
        fresh.push(side);
      }
      seen.set(key, hash);
    });
    if (conflicts.length > 0) {
      throw new ConflictError(`${conflicts.length} of ${sides.length} sides conflict with sides already accepted`, conflicts);
    }

    const submissionId = randomUUID();
    const at = now();
    const held = await this.creditorSidesToHoldBack(manager, fresh);
    const heldUntil = new Date(Date.parse(at) + CREDITOR_HOLD_BACK_MS).toISOString();
    await manager.insert(SubmissionEntity, { id: submissionId, idempotencyKey: idempotencyKey ?? null, requestHash, source, itemCount: sides.length, createdAt: at });
    const rows = fresh.map((side) => ({
      submissionId,
      uetr: side.uetr,
      side: side.side,
      counterpartyOrg: side.counterpartyOrg,
      sideKey: sideKeyOf(side.uetr, side.side),
      payload: canonicalJson(side),
      payloadHash: canonicalHash(side),
      status: 'PENDING' as const,
      attempts: 0,
      nextAttemptAt: held.has(side.uetr) ? heldUntil : at,
      transactionId: null,
      blockNumber: null,
      lastError: null,
      createdAt: at,
      updatedAt: at,
    }));
    // The answer is built from what was found and what was inserted (the driver returns the new ids: SQLite from
    // the last row id, PostgreSQL with RETURNING) rather than by a second lookup of every side of the request.
    const answers = new Map<string, AcceptedItem>([...existing].map(([key, item]) => [key, toAccepted(item)]));
    for (let start = 0; start < rows.length; start += INSERT_CHUNK) {
      const chunk = rows.slice(start, start + INSERT_CHUNK);
      const { identifiers } = await manager.insert(OutboxItemEntity, chunk);
      chunk.forEach((row, index) => answers.set(row.sideKey, {
        id: Number(identifiers[index].id), uetr: row.uetr, side: row.side, status: row.status, transactionId: null, lastError: null,
      }));
    }
    const perCounterparty = new Map<string, number>();
    for (const side of fresh) perCounterparty.set(side.counterpartyOrg, (perCounterparty.get(side.counterpartyOrg) ?? 0) + 1);
    await addAccepted(manager, perCounterparty);
    return { submissionId, replayed: false, items: [...new Set(keys)].map((key) => answers.get(key) as AcceptedItem) };
  }

  /** UETRs of creditor agent sides whose payment's debtor agent side the projection has not seen yet. */
  private async creditorSidesToHoldBack(manager: EntityManager, sides: PaymentSide[]): Promise<Set<string>> {
    const uetrs = sides.filter((side) => side.side === 'CREDITOR_AGENT').map((side) => side.uetr);
    const debtorSideSeen = new Set<string>();
    for (let start = 0; start < uetrs.length; start += INSERT_CHUNK) {
      const views = await selectRows<{ uetr: string; sidesPresent: string }>(manager,
        'SELECT "uetr", "sides_present" AS "sidesPresent" FROM "payments" WHERE "uetr" IN (:...uetrs)', { uetrs: uetrs.slice(start, start + INSERT_CHUNK) });
      for (const view of views) if (view.sidesPresent.includes('DEBTOR_AGENT')) debtorSideSeen.add(view.uetr);
    }
    return new Set(uetrs.filter((uetr) => !debtorSideSeen.has(uetr)));
  }

  /** The accepted items of these side keys, without their payloads (an answer and a conflict check need none). */
  private async findAllByKeys(manager: EntityManager, keys: string[]): Promise<AcceptedRow[]> {
    const found: AcceptedRow[] = [];
    for (let start = 0; start < keys.length; start += INSERT_CHUNK) {
      const rows = await selectRows<AcceptedRow>(manager,
        'SELECT "id", "uetr", "side", "status", "transaction_id" AS "transactionId", "last_error" AS "lastError", '
        + '"side_key" AS "sideKey", "payload_hash" AS "payloadHash" FROM "outbox_items" WHERE "side_key" IN (:...keys)',
        { keys: keys.slice(start, start + INSERT_CHUNK) });
      found.push(...rows.map((row) => ({ ...row, id: Number(row.id) })));
    }
    return found;
  }
}

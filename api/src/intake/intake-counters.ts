import { DataSource, EntityManager } from 'typeorm';
import { IntakeCounterEntity, IntakeOutboxEntity } from './intake.entities';

/** The `outbox` and `acceptedSides` a batch announces (see IntakeAnnouncement in @bayrecon/common). */
export interface OutboxAnnouncement {
  outbox: string;
  acceptedSides: number;
}

/** This database's outbox id, drawn by its migration. */
export async function outboxIdOf(manager: EntityManager): Promise<string> {
  const [row] = await manager.find(IntakeOutboxEntity, { take: 1 });
  if (row === undefined) throw new Error('intake_outbox has no row: the database was not created by the migrations');
  return row.id;
}

/** The sides accepted for a counterparty so far (0 before the first). */
export async function acceptedSidesOf(manager: EntityManager, counterpartyOrg: string): Promise<number> {
  return (await manager.findOneBy(IntakeCounterEntity, { counterpartyOrg }))?.acceptedSides ?? 0;
}

/**
 * Adds `sides` to each counterparty's counter, in the caller's transaction: the one that inserts the sides' outbox
 * rows, so that the counter and the rows never disagree. One upsert per counterparty: concurrent acceptances on
 * PostgreSQL add up under the row's lock instead of racing to insert it.
 */
export async function addAccepted(manager: EntityManager, sidesByCounterparty: ReadonlyMap<string, number>): Promise<void> {
  const updatedAt = new Date().toISOString();
  for (const [counterpartyOrg, sides] of sidesByCounterparty) {
    if (sides === 0) continue;
    const [sql, values] = manager.connection.driver.escapeQueryWithParameters(
      'INSERT INTO "intake_counters" ("counterparty_org", "accepted_sides", "updated_at") VALUES (:counterpartyOrg, :sides, :updatedAt) '
      + 'ON CONFLICT ("counterparty_org") DO UPDATE SET "accepted_sides" = "intake_counters"."accepted_sides" + EXCLUDED."accepted_sides", '
      + '"updated_at" = EXCLUDED."updated_at"',
      { counterpartyOrg, sides, updatedAt });
    await manager.query(sql, values);
  }
}

/**
 * What the outbox worker announces with a batch for a counterparty: read just before the batch is sent, after its
 * sides were accepted, so that in ordinary operation no announcement exceeds the counter of the database that
 * sent it. The outbox id is read once: it never changes while the process runs.
 */
export class IntakeCounters {
  private outbox: Promise<string> | undefined;

  constructor(private readonly dataSource: DataSource) {}

  async announcement(counterpartyOrg: string): Promise<OutboxAnnouncement> {
    this.outbox ??= outboxIdOf(this.dataSource.manager);
    const outbox = await this.outbox.catch((error: unknown) => {
      this.outbox = undefined;
      throw error;
    });
    return { outbox, acceptedSides: await acceptedSidesOf(this.dataSource.manager, counterpartyOrg) };
  }
}

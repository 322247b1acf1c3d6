import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { memberBank } from '@bayrecon/common';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import {
  DomainError, InvalidInputError, NotFoundError, PayloadTooLargeError, Problem, UnsupportedMediaTypeError,
} from '../errors/domain-errors';
import { validateDto } from '../errors/validate-dto';
import { SubmissionEntity } from '../outbox/outbox.entities';
import { OutboxService } from '../outbox/outbox.service';
import { parsePaymentSidesCsv } from './csv';
import { ingestIsoMessage } from './index';
import { IngestError } from './ingest-error';
import { AcceptanceDto, SubmissionDto, SubmissionListDto, SubmitSidesDto } from './ingest.dto';
import { IngestRecordsService } from './ingest-records.service';
import type { IngestedSide } from './ingested-side';
import { SideOrigin, toLedgerSide, validateSides } from './side-mapper';

/** A raw text body and the media type it came with (without parameters such as charset). */
export interface TextBody {
  body: unknown;
  contentType: string | undefined;
}

const XML_TYPES = ['application/xml', 'text/xml'];
const CSV_TYPES = ['text/csv'];
const mediaType = (contentType: string | undefined): string => (contentType ?? '').split(';')[0].trim().toLowerCase();

/** Ingestion refusals mapped onto the API's errors: 413 too large, 415 unsupported, 400 everything else. */
function fromIngestError(error: IngestError): DomainError {
  const problems: Problem[] = error.problems.map((problem) => ({
    ...(problem.messageIndex === undefined ? {} : { messageIndex: problem.messageIndex }),
    ...(problem.transactionIndex === undefined ? {} : { transactionIndex: problem.transactionIndex }),
    ...(problem.line === undefined ? {} : { line: problem.line }),
    path: problem.path,
    reason: problem.reason,
  }));
  switch (error.kind) {
    case 'TOO_LARGE': return new PayloadTooLargeError(error.message, problems);
    case 'UNSUPPORTED': return new UnsupportedMediaTypeError(error.message, problems);
    default: return new InvalidInputError(error.message, problems);
  }
}

/**
 * Takes a bank's records in (JSON, ISO 20022 XML, CSV), refuses them whole with every problem located, or stores
 * them before answering: payment sides into the outbox (sent to the ledger by the worker), status reports and
 * statement entries into this bank's own tables. Sides are checked with the chaincode's own rules, as
 * submitted by this instance's org: nothing in the payload can make it act as another.
 */
@Injectable()
export class IngestService {
  private readonly ownBics: readonly string[];

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly outbox: OutboxService,
    private readonly records: IngestRecordsService,
    private readonly dataSource: DataSource,
  ) {
    this.ownBics = memberBank(config.fabric.mspId).bic8s;
  }

  /** POST /payments: `{sides: [...]}` of the bank's own sides. */
  async acceptJson(body: unknown, idempotencyKey: string | undefined): Promise<AcceptanceDto> {
    const dto = await validateDto(SubmitSidesDto, body);
    const origins = dto.sides.map((_, index): SideOrigin => ({ path: `sides[${index}]` }));
    return this.acceptSides(dto.sides, origins, 'json', idempotencyKey);
  }

  /** POST /payments/iso20022: one ISO 20022 message (pacs.008, pacs.009, pacs.002, camt.053, camt.054). */
  async acceptIso(input: TextBody, idempotencyKey: string | undefined): Promise<AcceptanceDto> {
    const text = this.textBody(input, XML_TYPES);
    let result;
    try {
      result = ingestIsoMessage(text, { ownBics: this.ownBics, messageIndex: 0, limits: { maxBytes: this.config.maxBodyBytes } });
    } catch (error) {
      throw error instanceof IngestError ? fromIngestError(error) : error;
    }
    switch (result.kind) {
      case 'payment-sides': {
        const origins = result.sides.map((_, index): SideOrigin => ({ path: `CdtTrfTxInf[${index}]`, messageIndex: 0, transactionIndex: index }));
        return this.acceptSides(result.sides.map(toLedgerSide), origins, result.header.definition.type, idempotencyKey);
      }
      case 'status-reports':
        return this.records.storeStatusReports(result, idempotencyKey);
      case 'statement-entries':
        return this.records.storeStatementEntries(result, idempotencyKey);
    }
  }

  /** POST /payments/csv: payment sides, one per row; the side of each is decided by this bank's BICs. */
  async acceptCsv(input: TextBody, idempotencyKey: string | undefined): Promise<AcceptanceDto> {
    const text = this.textBody(input, CSV_TYPES);
    let sides: IngestedSide[];
    try {
      sides = parsePaymentSidesCsv(text, { ownBics: this.ownBics, messageIndex: 0, limits: { maxBytes: this.config.maxBodyBytes } });
    } catch (error) {
      throw error instanceof IngestError ? fromIngestError(error) : error;
    }
    const origins = sides.map((_, index): SideOrigin => ({ path: `row[${index}]`, messageIndex: 0, transactionIndex: index }));
    return this.acceptSides(sides.map(toLedgerSide), origins, 'csv', idempotencyKey);
  }

  /** A submission and the state of each of its items. */
  async submission(id: string): Promise<SubmissionDto> {
    const submission = await this.dataSource.getRepository(SubmissionEntity).findOneBy({ id });
    if (submission === null) throw new NotFoundError(`no submission '${id}' on this instance`);
    const outbox = await this.outbox.submission(id);
    const items = outbox !== undefined && outbox.items.length > 0 ? outbox.items : await this.records.recordsOf(id);
    return { submissionId: id, replayed: false, source: submission.source, createdAt: submission.createdAt, itemCount: submission.itemCount, items };
  }

  /** The latest submissions, newest first, and how many there are. */
  async submissions(limit: number): Promise<SubmissionListDto> {
    const [rows, total] = await this.dataSource.getRepository(SubmissionEntity).findAndCount({ order: { createdAt: 'DESC' }, take: limit });
    return {
      total,
      submissions: rows.map((row) => ({ submissionId: row.id, source: row.source, itemCount: row.itemCount, createdAt: row.createdAt })),
    };
  }

  private async acceptSides(raw: unknown[], origins: SideOrigin[], source: string, idempotencyKey: string | undefined): Promise<AcceptanceDto> {
    const validation = validateSides(raw, this.config.fabric.mspId, origins);
    if (!validation.ok) {
      throw new InvalidInputError(`${new Set(validation.problems.map((problem) => problem.path?.split('.')[0])).size} of ${raw.length} sides refused; nothing was accepted`, validation.problems);
    }
    const acceptance = await this.outbox.accept(validation.sides, source, idempotencyKey);
    return { ...acceptance, source };
  }

  private textBody(input: TextBody, accepted: string[]): string {
    const type = mediaType(input.contentType);
    if (!accepted.includes(type)) {
      throw new UnsupportedMediaTypeError(`Content-Type '${type || '(none)'}' is not accepted here; send ${accepted.join(' or ')}`,
        [{ path: '(header) Content-Type', reason: `expected ${accepted.join(' or ')}` }]);
    }
    if (typeof input.body !== 'string' || input.body.length === 0) {
      throw new InvalidInputError('the body is empty', [{ path: '(document)', reason: 'is empty' }]);
    }
    return input.body;
  }
}

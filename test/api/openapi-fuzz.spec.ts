import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import Ajv, { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import fc from 'fast-check';
import { ApiInstance, startApis } from '../support/api-instance';
import { Components, Schema, arbitraryOf, dateArbitrary, toJsonSchema } from '../support/openapi-schema';

interface Parameter { name: string; in: 'path' | 'query' | 'header'; required?: boolean; schema: Schema }
interface Content { schema?: Schema }
interface Operation {
  operationId: string;
  parameters?: Parameter[];
  requestBody?: { content: Record<string, Content> };
  responses: Record<string, { content?: Record<string, Content> }>;
}
interface Document { info: unknown; paths: Record<string, Record<string, Operation>>; components: { schemas: Components } }

type Credential = 'submitter' | 'viewer' | 'none' | 'foreign';
interface FuzzRequest { path: Record<string, unknown>; query: Record<string, unknown>; body: unknown; credential: Credential }
interface Finding { operation: string; request: string; problem: string }

/** Requests per operation: enough to walk every status an operation documents, few enough for two cores. */
const RUNS = 12;
const GENERATED = path.resolve(__dirname, '..', '..', 'console', 'src', 'generated');

/**
 * Values that would change other tests' world if drawn at random: a cut-off moves every pending payment settling on
 * or before its date, so it is fuzzed with dates before 2000, which no test uses. Every other value is the schema's.
 */
const OVERRIDES: Record<string, Record<string, fc.Arbitrary<unknown>>> = {
  Reconcile_cutOff: { cutOffDate: dateArbitrary(1971, 1999) },
};

/** A body media type the fuzzer can write: JSON, or text for the ISO 20022 and CSV routes (not multipart). */
function bodyMedia(operation: Operation): string | undefined {
  const types = Object.keys(operation.requestBody?.content ?? {});
  return types.find((type) => type === 'application/json') ?? types.find((type) => !type.startsWith('multipart/'));
}

function requestArbitrary(operation: Operation, components: Components): fc.Arbitrary<FuzzRequest> {
  const parameters = operation.parameters ?? [];
  const group = (where: 'path' | 'query'): fc.Arbitrary<Record<string, unknown>> => {
    const own = parameters.filter((parameter) => parameter.in === where);
    return fc.record(Object.fromEntries(own.map((parameter) => [parameter.name, arbitraryOf(parameter.schema, components)])),
      { requiredKeys: own.filter((parameter) => parameter.required).map((parameter) => parameter.name) });
  };
  const media = bodyMedia(operation);
  const bodySchema = media === undefined ? undefined : operation.requestBody?.content[media]?.schema;
  return fc.record({
    path: group('path'),
    query: group('query'),
    body: bodySchema === undefined ? fc.constant(undefined) : arbitraryOf(bodySchema, components, OVERRIDES[operation.operationId]),
    credential: fc.constantFrom<Credential>('submitter', 'submitter', 'viewer', 'none', 'foreign'),
  });
}

/** The operation's path with its parameters filled in, URL-encoded, and its query string. */
function urlOf(template: string, request: FuzzRequest): string {
  const filled = template.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(String(request.path[name])));
  const query = new URLSearchParams(Object.entries(request.query).filter(([, value]) => value !== undefined).map(([name, value]): [string, string] => [name, String(value)]));
  return query.size > 0 ? `${filled}?${query}` : filled;
}

async function caughtUp(api: ApiInstance): Promise<void> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const status = (await (await fetch(`${api.url}/projection/status`, { headers: api.headers('viewer') })).json()) as { lagBlocks: number | null };
    if (status.lagBlocks === 0) return;
    if (Date.now() > deadline) throw new Error(`${api.org}'s projection did not catch up within 120 s`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

describe('The OpenAPI document of each instance, fuzzed against the instance (real API processes on the network)', function () {
  this.timeout(900_000);
  // A bank's instance and a regulator's: the two kinds of document (the regulator's has no write route).
  let bank: ApiInstance;
  let regulator: ApiInstance;

  before(async () => {
    // Ports 3151 + the org's index: SZBank is 0, HKMA 4.
    [bank, regulator] = await startApis([['SZBank', { port: 3151 }], ['HKMA', { port: 3155 }]]);
    // Fuzzed once their projections have caught up, so that listings answer with payments whose shape is checked.
    await Promise.all([bank, regulator].map((api) => caughtUp(api)));
  });
  after(async () => {
    await Promise.all([bank, regulator].filter(Boolean).map((api) => api.dispose()));
  });

  const documentOf = async (api: ApiInstance): Promise<Document> => (await (await fetch(`${api.url}/docs-json`)).json()) as Document;

  for (const kind of ['bank', 'regulator'] as const) {
    const instance = () => (kind === 'bank' ? bank : regulator);

    it(`${kind}: serves exactly the document the console's client was generated from`, async () => {
      const served = await documentOf(instance());
      const built = JSON.parse(readFileSync(path.join(GENERATED, `openapi.${kind}.json`), 'utf8')) as Document;
      // The title names the instance's org; everything a client is generated from must be identical.
      assert.deepEqual({ ...served, info: undefined }, { ...built, info: undefined });
    });

    it(`${kind}: answers every schema-valid request with a documented status and a body its document describes, never 5xx`, async () => {
      const document = await documentOf(instance());
      const outcome = await fuzz(instance(), document, kind === 'bank' ? regulator.viewerKey : bank.viewerKey);
      console.log(`      ${outcome.requests} requests; statuses: ${[...outcome.statuses].sort().map(([status, count]) => `${status} ×${count}`).join(', ')}`);
      const shown = outcome.findings.slice(0, 20).map((finding) => `${finding.operation}: ${finding.problem}\n    request: ${finding.request}`).join('\n');
      assert.equal(outcome.findings.length, 0, `${outcome.findings.length} of ${outcome.requests} requests broke the document:\n${shown}`);
      const operations = Object.values(document.paths).reduce((count, item) => count + Object.keys(item).length, 0);
      assert.equal(outcome.requests, operations * RUNS);
      // Every kind of answer was reached: successes (whose bodies were validated), refusals of input and of keys.
      for (const status of ['200', '400', '401']) assert.ok(outcome.statuses.has(status), `no ${status} answer in ${outcome.requests} requests`);
    });
  }

  it('finds an answer its document does not describe (the check itself can fail)', async () => {
    const document = await documentOf(bank);
    const listing = document.paths['/breaks'].get;
    delete listing.responses['401'];
    const who = document.components.schemas.WhoAmIDto;
    who.properties = { ...who.properties, org: { type: 'integer' } };
    const outcome = await fuzz(bank, { ...document, paths: { '/breaks': { get: listing }, '/whoami': document.paths['/whoami'] } }, regulator.viewerKey);
    assert.ok(outcome.findings.some((finding) => /status 401 is not documented/.test(finding.problem)), 'an undocumented 401 went unnoticed');
    assert.ok(outcome.findings.some((finding) => /violates its schema/.test(finding.problem)), 'a body against its schema went unnoticed');
  });

  interface Outcome { findings: Finding[]; requests: number; statuses: Map<string, number> }

  /** Sends RUNS generated requests to every operation of the document and notes each answer the document does not allow. */
  async function fuzz(api: ApiInstance, document: Document, foreignKey: string): Promise<Outcome> {
    const ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(ajv);
    ajv.addSchema({ components: { schemas: Object.fromEntries(Object.entries(document.components.schemas).map(([name, schema]) => [name, toJsonSchema(schema, 'openapi')])) } }, 'openapi');
    const validators = new Map<Schema, ValidateFunction>();
    const validatorOf = (schema: Schema): ValidateFunction => {
      let validate = validators.get(schema);
      if (validate === undefined) validators.set(schema, validate = ajv.compile(toJsonSchema(schema, 'openapi')));
      return validate;
    };
    const headersOf = (credential: Credential): Record<string, string> => ({
      submitter: { authorization: `Bearer ${api.submitterKey}` },
      viewer: { authorization: `Bearer ${api.viewerKey}` },
      none: {},
      // A well-formed key of another instance: refused like any key this instance did not issue.
      foreign: { 'x-api-key': foreignKey },
    }[credential]);

    const outcome: Outcome = { findings: [], requests: 0, statuses: new Map() };
    for (const [template, item] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(item)) {
        const media = bodyMedia(operation);
        await fc.assert(fc.asyncProperty(requestArbitrary(operation, document.components.schemas), async (request) => {
          outcome.requests += 1;
          const url = urlOf(template, request);
          const headers = headersOf(request.credential);
          let body: string | undefined;
          if (request.body !== undefined && media !== undefined) {
            headers['content-type'] = media;
            body = media === 'application/json' ? JSON.stringify(request.body) : String(request.body);
          }
          const abort = new AbortController();
          const response = await fetch(`${api.url}${url}`, { method: method.toUpperCase(), headers, body, signal: abort.signal });
          const status = String(response.status);
          outcome.statuses.set(status, (outcome.statuses.get(status) ?? 0) + 1);
          const type = (response.headers.get('content-type') ?? '').split(';')[0].trim();
          const described = operation.responses[status];
          const problem = (text: string): void => {
            outcome.findings.push({ operation: `${method.toUpperCase()} ${template}`, request: `${request.credential} ${url} ${body ?? ''}`.slice(0, 600), problem: text });
          };
          if (type === 'text/event-stream') {
            abort.abort();
            if (described?.content?.['text/event-stream'] === undefined) problem(`${status} ${type} is not documented`);
            return;
          }
          const text = await response.text();
          if (response.status >= 500) return problem(`${status}: ${text.slice(0, 300)}`);
          if (described === undefined) return problem(`status ${status} is not documented (${text.slice(0, 300)})`);
          const schema = described.content?.[type]?.schema;
          if (described.content !== undefined && schema === undefined) return problem(`${status} answered ${type}, documented ${Object.keys(described.content).join(', ')}`);
          if (schema !== undefined && type === 'application/json') {
            const validate = validatorOf(schema);
            if (!validate(JSON.parse(text))) return problem(`${status} body violates its schema: ${ajv.errorsText(validate.errors)} in ${text.slice(0, 300)}`);
          }
        }), { numRuns: RUNS });
      }
    }
    return outcome;
  }
});

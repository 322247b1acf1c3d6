import fc from 'fast-check';

/** The parts of an OpenAPI 3.0 schema object that the API's documents use. */
export interface Schema {
  $ref?: string;
  type?: 'string' | 'integer' | 'number' | 'boolean' | 'array' | 'object';
  format?: string;
  pattern?: string;
  enum?: unknown[];
  nullable?: boolean;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  oneOf?: Schema[];
  anyOf?: Schema[];
  allOf?: Schema[];
}

export type Components = Record<string, Schema>;

/** Most items an array or characters a free string gets: requests stay small, the rules they probe are the same. */
const MAX_ITEMS = 3;
const MAX_FREE_STRING = 40;

const pad = (value: number, length: number): string => String(value).padStart(length, '0');

/** A calendar date YYYY-MM-DD between the years given. */
export function dateArbitrary(fromYear = 1970, toYear = 2099): fc.Arbitrary<string> {
  return fc.date({ min: new Date(Date.UTC(fromYear, 0, 1)), max: new Date(Date.UTC(toYear, 11, 31)), noInvalidDate: true })
    .map((date) => `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1, 2)}-${pad(date.getUTCDate(), 2)}`);
}

function stringArbitrary(schema: Schema): fc.Arbitrary<string> {
  const minLength = schema.minLength ?? 0;
  const maxLength = schema.maxLength ?? Number.POSITIVE_INFINITY;
  const fits = (value: string) => value.length >= minLength && value.length <= maxLength;
  if (schema.format === 'date') return dateArbitrary();
  if (schema.format === 'date-time') return fc.date({ noInvalidDate: true, min: new Date(0), max: new Date(Date.UTC(2099, 11, 31)) }).map((date) => date.toISOString());
  if (schema.format === 'uuid') return fc.uuid({ version: 4 });
  if (schema.pattern !== undefined) return fc.stringMatching(new RegExp(schema.pattern, 'u')).filter(fits);
  return fc.string({ minLength, maxLength: Math.min(maxLength, Math.max(minLength, MAX_FREE_STRING)), unit: 'grapheme' });
}

/**
 * A fast-check arbitrary of the values a schema accepts: $ref, oneOf/anyOf/allOf, enum, nullable, string (pattern,
 * format date/date-time/uuid, lengths), integer and number (bounds), boolean, array (bounds, at most 3 items) and
 * object (required and optional properties). `override` replaces the arbitrary of named properties.
 */
export function arbitraryOf(schema: Schema, components: Components, override: Record<string, fc.Arbitrary<unknown>> = {}): fc.Arbitrary<unknown> {
  const of = (inner: Schema): fc.Arbitrary<unknown> => arbitraryOf(inner, components, override);
  let value: fc.Arbitrary<unknown>;
  if (schema.$ref !== undefined) value = of(resolve(schema.$ref, components));
  else if (schema.oneOf ?? schema.anyOf) value = fc.oneof(...(schema.oneOf ?? schema.anyOf ?? []).map(of));
  else if (schema.allOf) value = of(mergeAll(schema.allOf, components));
  else if (schema.enum !== undefined) value = fc.constantFrom(...schema.enum);
  else {
    switch (schema.type) {
      case 'string': value = stringArbitrary(schema); break;
      case 'integer': value = fc.integer({ min: schema.minimum ?? -1_000_000, max: schema.maximum ?? 1_000_000 }); break;
      case 'number': value = fc.double({ min: schema.minimum ?? -1e6, max: schema.maximum ?? 1e6, noNaN: true, noDefaultInfinity: true }); break;
      case 'boolean': value = fc.boolean(); break;
      case 'array': {
        const minLength = schema.minItems ?? 0;
        value = fc.array(of(schema.items ?? {}), { minLength, maxLength: Math.max(minLength, Math.min(schema.maxItems ?? MAX_ITEMS, MAX_ITEMS)) });
        break;
      }
      default: {
        const properties = schema.properties ?? {};
        const record = Object.fromEntries(Object.entries(properties).map(([name, property]) => [name, override[name] ?? of(property)]));
        value = fc.record(record, { requiredKeys: (schema.required ?? []).filter((name) => name in properties) });
      }
    }
  }
  return schema.nullable ? fc.option(value, { nil: null }) : value;
}

export function resolve(ref: string, components: Components): Schema {
  const name = /^#\/components\/schemas\/(.+)$/.exec(ref)?.[1];
  const schema = name === undefined ? undefined : components[name];
  if (schema === undefined) throw new Error(`unresolvable $ref ${ref}`);
  return schema;
}

function mergeAll(schemas: Schema[], components: Components): Schema {
  const parts = schemas.map((part) => (part.$ref ? resolve(part.$ref, components) : part));
  return {
    type: 'object',
    properties: Object.assign({}, ...parts.map((part) => part.properties ?? {})),
    required: parts.flatMap((part) => part.required ?? []),
  };
}

/**
 * The OpenAPI 3.0 schema as JSON Schema for a validator, made exact: `nullable` becomes "or null", an object
 * that lists its properties allows no other (the document must name every field an answer carries), and a map's
 * values are checked against its `additionalProperties`. `$ref`s point into the schema registered under `rootId`.
 */
export function toJsonSchema(schema: Schema, rootId: string): Record<string, unknown> {
  const convert = (inner: Schema): Record<string, unknown> => toJsonSchema(inner, rootId);
  if (schema.$ref !== undefined) return withNull({ $ref: `${rootId}${schema.$ref}` }, schema.nullable);
  const { nullable, properties, items, oneOf, anyOf, allOf, additionalProperties, ...rest } = schema;
  const converted: Record<string, unknown> = { ...rest };
  if (properties !== undefined) {
    converted.properties = Object.fromEntries(Object.entries(properties).map(([name, property]) => [name, convert(property)]));
    converted.additionalProperties = additionalProperties === undefined ? false : typeof additionalProperties === 'boolean' ? additionalProperties : convert(additionalProperties);
  } else if (additionalProperties !== undefined) {
    // A map (keys the document cannot list, e.g. channels or rule set versions): each value is checked.
    converted.additionalProperties = typeof additionalProperties === 'boolean' ? additionalProperties : convert(additionalProperties);
  }
  if (items !== undefined) converted.items = convert(items);
  if (oneOf !== undefined) converted.oneOf = oneOf.map(convert);
  if (anyOf !== undefined) converted.anyOf = anyOf.map(convert);
  if (allOf !== undefined) converted.allOf = allOf.map(convert);
  return withNull(converted, nullable);
}

function withNull(schema: Record<string, unknown>, nullable: boolean | undefined): Record<string, unknown> {
  return nullable ? { anyOf: [schema, { type: 'null' }] } : schema;
}

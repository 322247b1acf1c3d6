import { plainToInstance } from 'class-transformer';
import { ValidationError, validate } from 'class-validator';
import { InvalidInputError, Problem } from './domain-errors';

function problemsOf(errors: ValidationError[], parent = ''): Problem[] {
  return errors.flatMap((error) => {
    const path = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((reason) => ({ path, reason }));
    return [...own, ...problemsOf(error.children ?? [], path)];
  });
}

/**
 * Names every JavaScript object inherits (constructor, __proto__, toString, hasOwnProperty...). class-transformer,
 * which builds the DTO, takes a key named `constructor` for a nested object's class (and fails) and drops the
 * others, so a field so named would be lost or answered 500; no field of this API is named so.
 */
const INHERITED_NAMES = new Set([...Object.getOwnPropertyNames(Object.prototype), 'prototype']);

function inheritedNameProblems(value: unknown, path: string, problems: Problem[]): Problem[] {
  if (Array.isArray(value)) {
    value.forEach((item, index) => inheritedNameProblems(item, `${path}[${index}]`, problems));
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, member] of Object.entries(value)) {
      const at = path ? `${path}.${key}` : key;
      if (INHERITED_NAMES.has(key)) problems.push({ path: at, reason: 'unknown field' });
      else inheritedNameProblems(member, at, problems);
    }
  }
  return problems;
}

/**
 * Checks a JSON body against its DTO class (class-validator decorators); unknown properties are refused, not
 * silently dropped, so that a field such as `submitterOrg` cannot look as if it had been honoured, and so are keys
 * at any depth named like members every object inherits (see INHERITED_NAMES).
 *
 * @throws InvalidInputError (400) listing every problem with its path.
 */
export async function validateDto<T extends object>(dto: new () => T, body: unknown): Promise<T> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new InvalidInputError('the body must be a JSON object', [{ path: '(body)', reason: 'is not a JSON object' }]);
  }
  const inherited = inheritedNameProblems(body, '', []);
  if (inherited.length > 0) {
    throw new InvalidInputError(`${inherited.length} problem(s) with the request body`, inherited);
  }
  const instance = plainToInstance(dto, body);
  const errors = await validate(instance, { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true });
  if (errors.length > 0) {
    const problems = problemsOf(errors);
    throw new InvalidInputError(`${problems.length} problem(s) with the request body`, problems);
  }
  return instance;
}

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
 * Checks a JSON body against its DTO class (class-validator decorators); unknown properties are refused, not
 * silently dropped, so that a field such as `submitterOrg` cannot look as if it had been honoured.
 *
 * @throws InvalidInputError (400) listing every problem with its path.
 */
export async function validateDto<T extends object>(dto: new () => T, body: unknown): Promise<T> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new InvalidInputError('the body must be a JSON object', [{ path: '(body)', reason: 'is not a JSON object' }]);
  }
  const instance = plainToInstance(dto, body);
  const errors = await validate(instance, { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true });
  if (errors.length > 0) {
    const problems = problemsOf(errors);
    throw new InvalidInputError(`${problems.length} problem(s) with the request body`, problems);
  }
  return instance;
}

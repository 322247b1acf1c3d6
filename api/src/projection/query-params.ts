import { InvalidInputError } from '../errors/domain-errors';
import { validateDto } from '../errors/validate-dto';

/**
 * Checks query parameters against their DTO class: unknown parameters are refused rather than ignored, so a typo
 * (`?stauts=`) does not silently return everything.
 *
 * @throws InvalidInputError (400) listing every problem with the parameter's name.
 */
export async function validateQuery<T extends object>(dto: new () => T, query: unknown): Promise<T> {
  try {
    return await validateDto(dto, { ...(query as object) });
  } catch (error) {
    if (error instanceof InvalidInputError) {
      throw new InvalidInputError(`${error.problems.length} problem(s) with the query parameters`, error.problems);
    }
    throw error;
  }
}

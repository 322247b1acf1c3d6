import { MAX_SIDES_PER_BATCH, RefusalError, ValidationIssue, batchRefusal, checkUetr, show } from '@bayrecon/common';

/**
 * A JSON argument that lists payments by UETR: 1 to 500 of them, each a UETR, none twice.
 * @throws INVALID naming each bad entry by its index.
 */
export function assertUetrList(text: string, path: string): string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text) as unknown;
  } catch (error) {
    throw RefusalError.ofField('INVALID', path, `not JSON (${(error as Error).message})`);
  }
  if (!Array.isArray(parsed) || parsed.length === 0 || parsed.length > MAX_SIDES_PER_BATCH) {
    throw RefusalError.ofField('INVALID', path, `expected a JSON array of 1 to ${MAX_SIDES_PER_BATCH} UETRs, got ${Array.isArray(parsed) ? `${parsed.length}` : typeof parsed}`);
  }
  const issues: ValidationIssue[] = [];
  const seen = new Map<string, number>();
  parsed.forEach((entry: unknown, index) => {
    const checked = checkUetr(entry);
    if (!checked.ok) {
      issues.push({ path: `${path}[${index}]`, reason: checked.reason });
    } else if (seen.has(checked.value)) {
      issues.push({ path: `${path}[${index}]`, reason: `${show(checked.value)} is also at ${path}[${seen.get(checked.value)}]` });
    } else {
      seen.set(checked.value, index);
    }
  });
  if (issues.length > 0) throw batchRefusal('INVALID', 'UETRs', parsed.length, issues);
  return parsed as string[];
}

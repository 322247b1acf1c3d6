import 'reflect-metadata';
import { strict as assert } from 'node:assert';
import { IsArray, IsObject, IsString } from 'class-validator';
import { InvalidInputError } from './domain-errors';
import { validateDto } from './validate-dto';

class ExampleDto {
  @IsString() name!: string;
  @IsArray() @IsObject({ each: true }) items!: Record<string, unknown>[];
}

async function problemsOf(body: unknown): Promise<{ path?: string; reason: string }[]> {
  try {
    await validateDto(ExampleDto, body);
  } catch (error) {
    assert.ok(error instanceof InvalidInputError, String(error));
    return error.problems;
  }
  assert.fail('accepted');
}

describe('request body validation', () => {
  it('keeps nested plain objects as sent', async () => {
    const dto = await validateDto(ExampleDto, { name: 'x', items: [{ a: 1, b: { c: 'd' } }] });
    assert.deepEqual(dto.items, [{ a: 1, b: { c: 'd' } }]);
  });

  it('refuses keys named like members every object inherits, at any depth, instead of failing or dropping them', async () => {
    const body = JSON.parse('{"name":"x","items":[{"a":1,"constructor":"y"},{"b":{"toString":1,"__proto__":{"c":1}}}],"hasOwnProperty":true}') as unknown;
    assert.deepEqual(await problemsOf(body), [
      { path: 'items[0].constructor', reason: 'unknown field' },
      { path: 'items[1].b.toString', reason: 'unknown field' },
      { path: 'items[1].b.__proto__', reason: 'unknown field' },
      { path: 'hasOwnProperty', reason: 'unknown field' },
    ]);
  });

  it('refuses other unknown properties with their path', async () => {
    assert.deepEqual((await problemsOf({ name: 'x', items: [], colour: 'red' })).map((problem) => problem.path), ['colour']);
  });
});

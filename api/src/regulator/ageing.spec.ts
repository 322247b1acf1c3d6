import { strict as assert } from 'node:assert';
import { ageBreaks, ageingBucket } from './ageing';

const now = new Date('2031-05-06T12:00:00.000Z');
const hoursAgo = (hours: number): string => new Date(now.getTime() - hours * 3_600_000).toISOString();

describe('ageing of breaks', () => {
  it('puts each age in its bucket, lower bounds inclusive', () => {
    assert.deepEqual([0, 0.99, 1, 3.99, 4, 23.99, 24, 500].map((hours) => ageingBucket(hoursAgo(hours), now)),
      ['<1h', '<1h', '1-4h', '1-4h', '4-24h', '4-24h', '>24h', '>24h']);
    assert.equal(ageingBucket(hoursAgo(-1), now), '<1h', 'a start in the future (clock skew) counts as new');
  });

  it('counts per corridor, lists every corridor asked for, and names the oldest break', () => {
    const result = ageBreaks(['SZ->HK', 'HK->MO'], [
      { corridor: 'SZ->HK', breakSince: hoursAgo(2) }, { corridor: 'SZ->HK', breakSince: hoursAgo(30) },
      { corridor: 'SZ->HK', breakSince: hoursAgo(0.5) }, { corridor: 'MO->SZ', breakSince: hoursAgo(1) },
    ], now);
    assert.deepEqual(result, [
      { corridor: 'SZ->HK', total: 3, buckets: { '<1h': 1, '1-4h': 1, '4-24h': 0, '>24h': 1 }, oldestBreakSince: hoursAgo(30) },
      { corridor: 'HK->MO', total: 0, buckets: { '<1h': 0, '1-4h': 0, '4-24h': 0, '>24h': 0 }, oldestBreakSince: null },
    ]);
  });
});

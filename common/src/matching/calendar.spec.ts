import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import cnData from './calendars/CN-2026.1.json';
import {
  BusinessDays, CALENDAR_REGIONS, HOLIDAY_CALENDARS, dayNumber, isoDateOf, loadHolidayCalendar, weekdayOf,
} from './calendar';

const CORRIDOR = ['CN-2026.1', 'HK-2026.1'];
const EDITIONS = [...HOLIDAY_CALENDARS.keys()];

/** Any date of the shipped coverage (2025-2026). */
const coveredDate = fc.integer({ min: dayNumber('2025-01-01'), max: dayNumber('2026-12-31') }).map(isoDateOf);
/** Any non-empty set of shipped editions, in any order. */
const editions = fc.shuffledSubarray(EDITIONS, { minLength: 1 });

describe('holiday calendars', () => {
  describe('day arithmetic', () => {
    it('numbers days as the Gregorian calendar does, and back', () => {
      fc.assert(fc.property(fc.integer({ min: -25567, max: 84000 }), (days) => {
        const date = new Date(days * 86_400_000);
        assert.equal(isoDateOf(days), date.toISOString().slice(0, 10));
        assert.equal(dayNumber(isoDateOf(days)), days);
        assert.equal(weekdayOf(days), ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'][date.getUTCDay()]);
      }));
    });
  });

  describe('shipped editions', () => {
    it('ships one edition per region, covering 2025 and 2026, each year with its source', () => {
      assert.deepEqual(EDITIONS.sort(), ['CN-2026.1', 'HK-2026.1', 'MO-2026.1']);
      for (const calendar of HOLIDAY_CALENDARS.values()) {
        assert.ok((CALENDAR_REGIONS as readonly string[]).includes(calendar.data.region));
        assert.deepEqual(calendar.data.coverage, { from: '2025-01-01', to: '2026-12-31' });
        assert.deepEqual(calendar.data.sources.map((source) => source.year), [2025, 2026]);
        assert.ok(calendar.data.sources.every((source) => source.url.startsWith('https://')));
      }
    });

    it('keeps the mainland\'s make-up working days and its whole holiday periods', () => {
      const mainland = new BusinessDays(['CN-2026.1']);
      for (const workingSunday of ['2025-01-26', '2025-04-27', '2025-09-28', '2026-01-04', '2026-09-20']) {
        assert.equal(weekdayOf(dayNumber(workingSunday)), 'SUN');
        assert.equal(mainland.isBusinessDay(workingSunday), true, workingSunday);
      }
      for (const workingSaturday of ['2025-02-08', '2025-10-11', '2026-02-14', '2026-02-28', '2026-05-09', '2026-10-10']) {
        assert.equal(mainland.isBusinessDay(workingSaturday), true, workingSaturday);
      }
      // 2025: the Spring Festival runs 28 Jan - 4 Feb, National Day and Mid-Autumn 1 - 8 Oct.
      assert.equal(mainland.between('2025-01-27', '2025-02-05'), 1);
      assert.equal(mainland.between('2025-09-30', '2025-10-09'), 1);
      assert.equal(mainland.isBusinessDay('2026-02-23'), false);
      assert.equal(mainland.isBusinessDay('2026-02-24'), true);
    });

    it('keeps Hong Kong\'s general holidays, with no Saturday a business day', () => {
      const hongKong = new BusinessDays(['HK-2026.1']);
      for (const holiday of ['2025-01-29', '2025-04-21', '2025-10-07', '2025-12-26', '2026-02-19', '2026-04-06', '2026-04-07', '2026-05-25', '2026-10-19']) {
        assert.equal(hongKong.isBusinessDay(holiday), false, holiday);
      }
      assert.equal(hongKong.isBusinessDay('2026-05-24'), false, 'a Sunday');
      assert.equal(hongKong.isBusinessDay('2026-12-28'), true);
      fc.assert(fc.property(coveredDate, (date) => {
        if (weekdayOf(dayNumber(date)) === 'SAT') {
          assert.equal(hongKong.isBusinessDay(date), false, date);
        }
      }));
    });

    it('keeps Macao\'s public holidays and compensatory rest days, and the half days as business days', () => {
      const macao = new BusinessDays(['MO-2026.1']);
      for (const holiday of ['2025-10-02', '2025-11-03', '2025-12-22', '2025-12-23', '2025-12-24', '2026-04-07', '2026-09-28', '2026-11-02', '2026-12-21', '2026-12-22']) {
        assert.equal(macao.isBusinessDay(holiday), false, holiday);
      }
      assert.equal(macao.isBusinessDay('2025-12-31'), true, 'New Year\'s Eve afternoon only');
      assert.equal(macao.isBusinessDay('2026-02-16'), true, 'Lunar New Year\'s Eve afternoon only');
    });
  });

  describe('business days of a corridor', () => {
    it('is a business day of several calendars exactly when it is one of each', () => {
      fc.assert(fc.property(editions, coveredDate, (ids, date) => {
        const each = ids.map((id) => new BusinessDays([id]).isBusinessDay(date));
        assert.equal(new BusinessDays(ids).isBusinessDay(date), each.every(Boolean));
      }));
    });

    it('does not count a mainland make-up Sunday in a corridor with Hong Kong', () => {
      const corridor = new BusinessDays(CORRIDOR);
      assert.equal(corridor.isBusinessDay('2025-01-26'), false);
      assert.equal(corridor.isBusinessDay('2025-02-08'), false, 'a Saturday, not a Hong Kong business day');
      // Thursday 2 April 2026 to Wednesday 8 April: Good Friday, the weekend, Qingming and Easter holidays between.
      assert.equal(corridor.between('2026-04-02', '2026-04-08'), 1);
      assert.equal(corridor.add('2026-04-02', 1), '2026-04-08');
    });

    it('lets a date that is not a business day stand for the next one', () => {
      const corridor = new BusinessDays(CORRIDOR);
      assert.equal(corridor.between('2026-03-06', '2026-03-07'), 1, 'Friday to Saturday');
      assert.equal(corridor.between('2026-03-07', '2026-03-09'), 0, 'Saturday to Monday');
      assert.equal(corridor.between('2026-03-06', '2026-03-09'), 1, 'Friday to Monday');
      assert.equal(corridor.add('2026-03-07', 0), '2026-03-09');
      assert.equal(corridor.add('2026-03-09', -1), '2026-03-06');
    });

    it('counts business days consistently with adding them', () => {
      fc.assert(fc.property(editions, coveredDate, fc.integer({ min: -20, max: 20 }), (ids, date, n) => {
        const days = new BusinessDays(ids);
        const reached = days.add(date, n);
        if (reached === undefined) {
          // Only when the coverage holds too few business days that way.
          const available = n >= 0
            ? (days.between(date, '2026-12-31') as number) + (days.isBusinessDay('2026-12-31') ? 1 : 0) - 1
            : days.between('2025-01-01', date) as number;
          assert.ok(available < Math.abs(n), `${date} ${n}: ${available} business days available`);
          return;
        }
        assert.equal(days.isBusinessDay(reached), true);
        assert.equal(days.between(date, reached), n);
        assert.equal(days.between(reached, date), 0 - n);
      }));
    });

    it('adds up: the days from a to b and from b to c are the days from a to c', () => {
      fc.assert(fc.property(editions, coveredDate, coveredDate, coveredDate, (ids, a, b, c) => {
        const days = new BusinessDays(ids);
        assert.equal((days.between(a, b) as number) + (days.between(b, c) as number), days.between(a, c));
        assert.equal(days.between(a, a), 0);
        assert.equal(Math.sign(days.between(a, b) as number) * Math.sign(dayNumber(b) - dayNumber(a)) >= 0, true);
      }));
    });

    it('knows nothing outside its coverage', () => {
      const corridor = new BusinessDays(CORRIDOR);
      assert.equal(corridor.isBusinessDay('2027-01-04'), undefined);
      assert.equal(corridor.between('2026-12-30', '2027-01-04'), undefined);
      assert.equal(corridor.between('2024-12-31', '2025-01-02'), undefined);
      assert.equal(corridor.add('2026-12-30', 5), undefined);
      assert.equal(corridor.add('2025-01-02', -2), undefined);
    });

    it('refuses an edition that is not shipped, naming it', () => {
      assert.throws(() => new BusinessDays(['HK-2027.1']), /calendars: 'HK-2027.1' is not a calendar edition/);
      assert.throws(() => new BusinessDays([]), /name at least one/);
    });
  });

  describe('edition data checks', () => {
    const edition = (change: (data: Record<string, unknown>) => void): unknown => {
      const data = JSON.parse(JSON.stringify(cnData)) as Record<string, unknown>;
      change(data);
      return data;
    };
    const cases: [string, (data: Record<string, unknown>) => void, RegExp][] = [
      ['an id without a revision', (data) => { data.id = 'CN-2026'; }, /calendar\.id: 'CN-2026' is not a calendar id/],
      ['an id of another region', (data) => { data.region = 'HK'; }, /calendar\.region: 'HK' is not the region CN of the id/],
      ['an id not naming its last year', (data) => { data.id = 'CN-2027.1'; }, /does not name the last year covered, 2026/],
      ['a missing year source', (data) => { (data.sources as unknown[]).pop(); }, /calendar\.sources: no source for 2026/],
      ['entries out of order', (data) => { (data.holidays as unknown[]).reverse(); }, /calendar\.holidays\[1\]\.from: '2026-09-25' is not after the entry before it/],
      ['a working day on a weekday', (data) => { (data.workingDays as unknown[]).push({ from: '2026-12-30', name: 'x' }); }, /2026-12-30 is a WED, not a weekend day/],
      ['a working day that is a holiday', (data) => { (data.workingDays as unknown[]).push({ from: '2026-10-03', name: 'x' }); }, /2026-10-03 is also a holiday/],
      ['a day outside the coverage', (data) => { (data.holidays as unknown[]).push({ from: '2027-01-01', name: 'x' }); }, /2027-01-01\.\.2027-01-01 is outside the coverage/],
      ['a range ending before it starts', (data) => { (data.holidays as unknown[]).push({ from: '2026-12-30', to: '2026-12-29', name: 'x' }); }, /to: '2026-12-29' is before from/],
      ['an unknown field', (data) => { data.colour = 'red'; }, /calendar\.colour: unknown field/],
      ['part-year coverage', (data) => { data.coverage = { from: '2025-03-01', to: '2026-12-31' }; }, /calendar\.coverage: .* is not whole years/],
    ];
    for (const [what, change, message] of cases) {
      it(`refuses ${what}, naming the file and the path`, () => {
        assert.throws(() => loadHolidayCalendar(edition(change), 'CN-test.json'), (error: Error) => {
          assert.match(error.message, /^calendar CN-test\.json: /);
          assert.match(error.message, message);
          return true;
        });
      });
    }

    it('accepts the shipped data as it is', () => {
      assert.equal(loadHolidayCalendar(edition(() => undefined), 'CN-test.json').data.id, 'CN-2026.1');
    });
  });
});

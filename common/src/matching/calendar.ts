import { ValidationIssue, isIsoDate, show, unknownFieldIssues } from '../validation';
import cn2026 from './calendars/CN-2026.1.json';
import hk2026 from './calendars/HK-2026.1.json';
import mo2026 from './calendars/MO-2026.1.json';

/** The regions whose holidays decide business days: the mainland, Hong Kong, Macao. */
export const CALENDAR_REGIONS = ['CN', 'HK', 'MO'] as const;
export type CalendarRegion = (typeof CALENDAR_REGIONS)[number];

/**
 * Which region's holidays a bank keeps: its regulatory regime's (the directory's `regime` of its jurisdiction), so
 * every mainland city keeps the mainland's. Undefined for a regime no calendar covers.
 */
export function calendarRegionOf(regime: string): CalendarRegion | undefined {
  return (CALENDAR_REGIONS as readonly string[]).includes(regime) ? regime as CalendarRegion : undefined;
}

export const WEEKDAYS = ['MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT', 'SUN'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** The publication a calendar takes one year's days from. */
export interface CalendarSource {
  year: number;
  publisher: string;
  title: string;
  url: string;
}

/** A named day or run of days (`to` absent for a single day), both ends included. */
export interface CalendarEntry {
  from: string;
  to?: string;
  name: string;
}

/**
 * One edition of a region's calendar, as its data file holds it. An edition never changes once published: a
 * rule set names it, and the decisions taken under that rule set must come out the same whenever they are
 * recomputed. New years or a corrected day make a new edition (`HK-2027.1`, `HK-2026.2`).
 */
export interface HolidayCalendarData {
  /** `<region>-<last year covered>.<revision>`, e.g. `HK-2026.1`. */
  id: string;
  region: CalendarRegion;
  title: string;
  /** The whole days the edition answers for; outside them it knows nothing. */
  coverage: { from: string; to: string };
  weekend: Weekday[];
  notes: string[];
  /** One source per covered year. */
  sources: CalendarSource[];
  /** Days on which the region's banks do not settle, beyond the weekend (weekend days may be listed too). */
  holidays: CalendarEntry[];
  /** Weekend days that are working days (the mainland's make-up working days). */
  workingDays: CalendarEntry[];
}

/** A checked calendar edition, ready to answer whether a day is a business day. */
export interface HolidayCalendar {
  readonly data: HolidayCalendarData;
  /** First and last covered day numbers (see {@link dayNumber}). */
  readonly firstDay: number;
  readonly lastDay: number;
  /** True when the covered day `day` is a business day of this region. */
  isBusinessDay(day: number): boolean;
}

const CALENDAR_ID = /^(CN|HK|MO)-(\d{4})\.([1-9]\d{0,3})$/;
const SAFE_URL = /^https:\/\/[^\s]+$/;

/** Days since 1970-01-01 of a calendar date YYYY-MM-DD (the proleptic Gregorian calendar), in integers. */
export function dayNumber(isoDate: string): number {
  const year = Number(isoDate.slice(0, 4));
  const month = Number(isoDate.slice(5, 7));
  const day = Number(isoDate.slice(8, 10));
  // Days from civil (H. Hinnant): count years from March so the leap day ends the year.
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

/** The calendar date YYYY-MM-DD of a day number (inverse of {@link dayNumber}). */
export function isoDateOf(days: number): string {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const dayOfEra = z - era * 146097;
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36524) - Math.floor(dayOfEra / 146096)) / 365);
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const mp = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** The weekday of a day number: 1970-01-01 was a Thursday. */
export function weekdayOf(days: number): Weekday {
  return WEEKDAYS[(((days + 3) % 7) + 7) % 7];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function requireText(value: unknown, path: string, issues: ValidationIssue[]): void {
  if (typeof value !== 'string' || value.trim().length === 0) {
    issues.push({ path, reason: `${show(value)} is not a non-empty string` });
  }
}

function checkKeys(record: Record<string, unknown>, allowed: readonly string[], path: string, issues: ValidationIssue[]): void {
  issues.push(...unknownFieldIssues(record, (key) => allowed.includes(key), path));
}

/** The covered day numbers of the entries, or issues when an entry is malformed, outside coverage, out of order or repeated. */
function entryDays(
  raw: unknown, path: string, coverage: { first: number; last: number }, issues: ValidationIssue[],
): Set<number> {
  const days = new Set<number>();
  if (!Array.isArray(raw)) {
    issues.push({ path, reason: `${show(raw)} is not an array of {from, to?, name}` });
    return days;
  }
  let previous = Number.NEGATIVE_INFINITY;
  raw.forEach((entry, index) => {
    const at = `${path}[${index}]`;
    if (!isObject(entry)) {
      issues.push({ path: at, reason: `${show(entry)} is not an object {from, to?, name}` });
      return;
    }
    checkKeys(entry, ['from', 'to', 'name'], at, issues);
    requireText(entry.name, `${at}.name`, issues);
    const to = entry.to ?? entry.from;
    if (typeof entry.from !== 'string' || !isIsoDate(entry.from) || typeof to !== 'string' || !isIsoDate(to)) {
      issues.push({ path: at, reason: `from ${show(entry.from)} and to ${show(entry.to)} are not calendar dates (YYYY-MM-DD)` });
      return;
    }
    const first = dayNumber(entry.from);
    const last = dayNumber(to);
    if (last < first) {
      issues.push({ path: `${at}.to`, reason: `${show(to)} is before from ${show(entry.from)}` });
      return;
    }
    if (first <= previous) {
      issues.push({ path: `${at}.from`, reason: `${show(entry.from)} is not after the entry before it: entries are in date order, each day once` });
    }
    if (first < coverage.first || last > coverage.last) {
      issues.push({ path: at, reason: `${entry.from}..${to} is outside the coverage` });
    }
    for (let day = first; day <= last; day += 1) {
      days.add(day);
    }
    previous = last;
  });
  return days;
}

/**
 * Checks a calendar edition's data and builds the calendar. Data files ship with the code, so a bad one is a
 * defect of the release: it throws naming the file, the path and the reason of every problem.
 */
export function loadHolidayCalendar(raw: unknown, file: string): HolidayCalendar {
  const issues: ValidationIssue[] = [];
  if (!isObject(raw)) {
    throw new Error(`calendar ${file}: ${show(raw)} is not a calendar object`);
  }
  checkKeys(raw, ['id', 'region', 'title', 'coverage', 'weekend', 'notes', 'sources', 'holidays', 'workingDays'], 'calendar', issues);
  const id = typeof raw.id === 'string' ? CALENDAR_ID.exec(raw.id) : null;
  if (id === null) {
    issues.push({ path: 'calendar.id', reason: `${show(raw.id)} is not a calendar id <CN|HK|MO>-<year>.<revision>` });
  } else if (raw.region !== id[1]) {
    issues.push({ path: 'calendar.region', reason: `${show(raw.region)} is not the region ${id[1]} of the id` });
  }
  requireText(raw.title, 'calendar.title', issues);
  if (!Array.isArray(raw.notes) || raw.notes.some((note) => typeof note !== 'string')) {
    issues.push({ path: 'calendar.notes', reason: `${show(raw.notes)} is not an array of strings` });
  }
  const weekend = Array.isArray(raw.weekend) ? raw.weekend : [];
  if (!Array.isArray(raw.weekend) || weekend.some((day) => !(WEEKDAYS as readonly unknown[]).includes(day)) || new Set(weekend).size !== weekend.length) {
    issues.push({ path: 'calendar.weekend', reason: `${show(raw.weekend)} is not a list of distinct weekdays ${WEEKDAYS.join(', ')}` });
  }
  const coverage = isObject(raw.coverage) ? raw.coverage : {};
  const from = coverage.from;
  const to = coverage.to;
  if (typeof from !== 'string' || !isIsoDate(from) || !from.endsWith('-01-01') || typeof to !== 'string' || !isIsoDate(to) || !to.endsWith('-12-31') || to < from) {
    issues.push({ path: 'calendar.coverage', reason: `${show(raw.coverage)} is not whole years {from: YYYY-01-01, to: YYYY-12-31}` });
    throw new Error(`calendar ${file}: ${issues.map((issue) => `${issue.path}: ${issue.reason}`).join('; ')}`);
  }
  if (id !== null && to.slice(0, 4) !== id[2]) {
    issues.push({ path: 'calendar.id', reason: `${show(raw.id)} does not name the last year covered, ${to.slice(0, 4)}` });
  }
  const firstYear = Number(from.slice(0, 4));
  const lastYear = Number(to.slice(0, 4));
  const sources = Array.isArray(raw.sources) ? raw.sources : [];
  for (let year = firstYear; year <= lastYear; year += 1) {
    const source = sources.find((candidate) => isObject(candidate) && candidate.year === year);
    if (!isObject(source)) {
      issues.push({ path: 'calendar.sources', reason: `no source for ${year}` });
      continue;
    }
    const at = `calendar.sources[${sources.indexOf(source)}]`;
    checkKeys(source, ['year', 'publisher', 'title', 'url'], at, issues);
    requireText(source.publisher, `${at}.publisher`, issues);
    requireText(source.title, `${at}.title`, issues);
    if (typeof source.url !== 'string' || !SAFE_URL.test(source.url)) {
      issues.push({ path: `${at}.url`, reason: `${show(source.url)} is not an https URL` });
    }
  }
  if (sources.length !== lastYear - firstYear + 1) {
    issues.push({ path: 'calendar.sources', reason: `lists ${sources.length} sources for ${lastYear - firstYear + 1} covered years` });
  }
  const span = { first: dayNumber(from), last: dayNumber(to) };
  const holidays = entryDays(raw.holidays, 'calendar.holidays', span, issues);
  const workingDays = entryDays(raw.workingDays, 'calendar.workingDays', span, issues);
  const weekendDays = new Set(weekend as Weekday[]);
  for (const day of workingDays) {
    if (holidays.has(day)) {
      issues.push({ path: 'calendar.workingDays', reason: `${isoDateOf(day)} is also a holiday` });
    }
    if (!weekendDays.has(weekdayOf(day))) {
      issues.push({ path: 'calendar.workingDays', reason: `${isoDateOf(day)} is a ${weekdayOf(day)}, not a weekend day, so it is a working day already` });
    }
  }
  if (issues.length > 0) {
    throw new Error(`calendar ${file}: ${issues.map((issue) => `${issue.path}: ${issue.reason}`).join('; ')}`);
  }
  const data = raw as unknown as HolidayCalendarData;
  return Object.freeze({
    data,
    firstDay: span.first,
    lastDay: span.last,
    isBusinessDay: (day: number): boolean =>
      workingDays.has(day) || (!holidays.has(day) && !weekendDays.has(weekdayOf(day))),
  });
}

/** Every calendar edition shipped, by id. */
export const HOLIDAY_CALENDARS: ReadonlyMap<string, HolidayCalendar> = new Map(
  [
    loadHolidayCalendar(cn2026, 'CN-2026.1.json'),
    loadHolidayCalendar(hk2026, 'HK-2026.1.json'),
    loadHolidayCalendar(mo2026, 'MO-2026.1.json'),
  ].map((calendar) => [calendar.data.id, calendar]),
);

/**
 * Business days over one or several regions' calendars: a day is a business day when it is one in every
 * calendar named. A payment between two banks settles when both can book it, so a holiday on either side is
 * not a day the value date can move by.
 */
export class BusinessDays {
  private readonly calendars: readonly HolidayCalendar[];

  /** @throws Error naming the id when a calendar edition is not shipped, or when none is named. */
  constructor(calendarIds: readonly string[]) {
    if (calendarIds.length === 0) {
      throw new Error('calendars: name at least one calendar edition');
    }
    this.calendars = calendarIds.map((id) => {
      const calendar = HOLIDAY_CALENDARS.get(id);
      if (calendar === undefined) {
        throw new Error(`calendars: ${show(id)} is not a calendar edition (expected one of ${[...HOLIDAY_CALENDARS.keys()].join(', ')})`);
      }
      return calendar;
    });
  }

  /** True when every calendar covers the day. */
  covers(day: number): boolean {
    return this.calendars.every((calendar) => day >= calendar.firstDay && day <= calendar.lastDay);
  }

  /** Whether a date is a business day in every calendar; undefined when a calendar does not cover it. */
  isBusinessDay(date: string): boolean | undefined {
    const day = dayNumber(date);
    return this.covers(day) ? this.isBusinessDayNumber(day) : undefined;
  }

  /**
   * The business days from `from` (included) to `to` (excluded), negative when `to` is earlier. A date that
   * is not a business day thus stands for the next business day (the "following" convention): Friday to the
   * Saturday after it is 1, Saturday to Monday is 0. Undefined when a calendar does not cover both dates.
   */
  between(from: string, to: string): number | undefined {
    const start = dayNumber(from);
    const end = dayNumber(to);
    const [low, high] = start <= end ? [start, end] : [end, start];
    if (!this.covers(low) || !this.covers(high)) {
      return undefined;
    }
    let count = 0;
    for (let day = low; day < high; day += 1) {
      if (this.isBusinessDayNumber(day)) {
        count += 1;
      }
    }
    return start <= end || count === 0 ? count : -count;
  }

  /**
   * The business day `n` business days from `date`, in the sense of {@link between}: the business day `x` with
   * between(date, x) = n. For n = 0 that is `date` itself or, when it is not a business day, the next one.
   * Undefined when the count runs out of a calendar's coverage.
   */
  add(date: string, n: number): string | undefined {
    if (!Number.isSafeInteger(n)) {
      throw new Error(`n: ${show(n)} is not an integer`);
    }
    const start = dayNumber(date);
    if (!this.covers(start)) {
      return undefined;
    }
    const found = n >= 0 ? this.forward(start, n) : this.backward(start, -n);
    return found === undefined ? undefined : isoDateOf(found);
  }

  /** The (n+1)-th business day on or after `start`. */
  private forward(start: number, n: number): number | undefined {
    let seen = 0;
    for (let day = start; this.covers(day); day += 1) {
      if (this.isBusinessDayNumber(day)) {
        if (seen === n) {
          return day;
        }
        seen += 1;
      }
    }
    return undefined;
  }

  /** The n-th business day strictly before `start`. */
  private backward(start: number, n: number): number | undefined {
    let seen = 0;
    for (let day = start - 1; this.covers(day); day -= 1) {
      if (this.isBusinessDayNumber(day)) {
        seen += 1;
        if (seen === n) {
          return day;
        }
      }
    }
    return undefined;
  }

  private isBusinessDayNumber(day: number): boolean {
    return this.calendars.every((calendar) => calendar.isBusinessDay(day));
  }
}

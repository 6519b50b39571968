/**
 * The hub's notion of "now", injected so time-dependent rules (quarters, agreement expiry) can be
 * tested without waiting. Dates and periods are reckoned in Asia/Ho_Chi_Minh (UTC+7, no DST).
 */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export function fixedClock(instant: Date): Clock {
  return { now: () => new Date(instant.getTime()) };
}

/** Vietnam has kept UTC+7 without daylight saving since 1975, so a fixed offset is exact. */
const VIETNAM_OFFSET_MS = 7 * 60 * 60 * 1000;

/** The calendar date (YYYY-MM-DD) of an instant in Asia/Ho_Chi_Minh. */
export function vietnamDate(instant: Date): string {
  return new Date(instant.getTime() + VIETNAM_OFFSET_MS).toISOString().slice(0, 10);
}

/** The first and last day of the calendar quarter that contains `date` (YYYY-MM-DD). */
export function quarterOf(date: string): { from: string; to: string } {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  const firstMonth = Math.floor((month - 1) / 3) * 3 + 1;
  const lastMonth = firstMonth + 2;
  const lastDay = new Date(Date.UTC(year, lastMonth, 0)).getUTCDate();
  const pad = (n: number) => String(n).padStart(2, "0");
  return { from: `${year}-${pad(firstMonth)}-01`, to: `${year}-${pad(lastMonth)}-${pad(lastDay)}` };
}

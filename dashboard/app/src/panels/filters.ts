/** What the dashboard shows: a province, a commodity, and the twelve months up to today. */
export interface Filters {
  province: string;
  commodity: string;
  /** The first day of the first month shown (YYYY-MM-DD). */
  from: string;
  /** Today in Vietnam (YYYY-MM-DD). */
  to: string;
}

/** Today in Vietnam (the hub's dates are Asia/Ho_Chi_Minh), as YYYY-MM-DD. */
export function vietnamToday(now: Date): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Ho_Chi_Minh", year: "numeric", month: "2-digit", day: "2-digit" }).format(now);
}

/** From the first day of the month eleven months ago to today (Vietnam's dates). */
export function lastTwelveMonths(now: Date): { from: string; to: string } {
  const today = vietnamToday(now);
  const first = new Date(Date.UTC(Number(today.slice(0, 4)), Number(today.slice(5, 7)) - 1 - 11, 1));
  return { from: first.toISOString().slice(0, 10), to: today };
}

/** The months shown, oldest first ("YYYY-MM"). */
export function monthsOf(filters: Filters): string[] {
  const months: string[] = [];
  const cursor = new Date(`${filters.from.slice(0, 7)}-01T00:00:00Z`);
  const last = filters.to.slice(0, 7);
  while (cursor.toISOString().slice(0, 7) <= last) {
    months.push(cursor.toISOString().slice(0, 7));
    cursor.setUTCMonth(cursor.getUTCMonth() + 1);
  }
  return months;
}

import { Field, InputType, registerEnumType } from "type-graphql";
import { quarterOf, vietnamDate, type Clock } from "./clock.js";
import { badUserInput, UnreachableCaseError } from "./errors.js";
import { LocalDateScalar } from "./scalars.js";

/** Periods relative to today (in Asia/Ho_Chi_Minh), so a dashboard's "this quarter" needs no date arithmetic on the client. */
export enum RelativePeriod {
  CURRENT_MONTH = "CURRENT_MONTH",
  CURRENT_QUARTER = "CURRENT_QUARTER",
  CURRENT_YEAR = "CURRENT_YEAR",
  LAST_30_DAYS = "LAST_30_DAYS",
  PREVIOUS_MONTH = "PREVIOUS_MONTH",
  PREVIOUS_QUARTER = "PREVIOUS_QUARTER",
  PREVIOUS_YEAR = "PREVIOUS_YEAR",
}
registerEnumType(RelativePeriod, {
  name: "RelativePeriod",
  description: "A period relative to today's date in Asia/Ho_Chi_Minh, resolved by the hub's clock when the request runs.",
  valuesConfig: {
    CURRENT_MONTH: { description: "From the first to the last day of the current calendar month." },
    CURRENT_QUARTER: { description: "From the first to the last day of the current calendar quarter (Q1 January–March …)." },
    CURRENT_YEAR: { description: "From 1 January to 31 December of the current year." },
    LAST_30_DAYS: { description: "The 30 days ending today, today included." },
    PREVIOUS_MONTH: { description: "From the first to the last day of the calendar month before the current one (in January, December of the previous year)." },
    PREVIOUS_QUARTER: { description: "From the first to the last day of the calendar quarter before the current one (in Q1, Q4 of the previous year)." },
    PREVIOUS_YEAR: { description: "From 1 January to 31 December of the year before the current one." },
  },
});

/**
 * A range of calendar days: explicit ends (either may be open) or a relative period, resolved with
 * the request's clock by `resolveDateRange`. Shared by every domain that filters by days.
 */
@InputType("DateRangeInput", { description: "A range of calendar days in Asia/Ho_Chi_Minh: give `from` and/or `to`, or `relative` alone." })
export class DateRangeInput {
  @Field(() => LocalDateScalar, { nullable: true, description: "First day of the range (inclusive); open when null." })
  from?: string | null;

  @Field(() => LocalDateScalar, { nullable: true, description: "Last day of the range (inclusive); open when null." })
  to?: string | null;

  @Field(() => RelativePeriod, { nullable: true, description: "A period relative to today; cannot be combined with `from` or `to`." })
  relative?: RelativePeriod | null;
}

/** A resolved range: inclusive ends as YYYY-MM-DD, null for an open end. */
export interface DateRange {
  from: string | null;
  to: string | null;
}

/** The calendar date `days` after `date` (both YYYY-MM-DD). */
export function addDays(date: string, days: number): string {
  const instant = new Date(`${date}T00:00:00Z`);
  instant.setUTCDate(instant.getUTCDate() + days);
  return instant.toISOString().slice(0, 10);
}

function lastDayOfMonth(year: number, month: number): string {
  return new Date(Date.UTC(year, month, 0)).toISOString().slice(0, 10);
}

/** The concrete days of a relative period, reckoned from `today` (YYYY-MM-DD, Asia/Ho_Chi_Minh). */
export function relativeRange(period: RelativePeriod, today: string): { from: string; to: string } {
  const year = Number(today.slice(0, 4));
  const month = Number(today.slice(5, 7));
  switch (period) {
    case RelativePeriod.CURRENT_MONTH:
      return { from: `${today.slice(0, 7)}-01`, to: lastDayOfMonth(year, month) };
    case RelativePeriod.CURRENT_QUARTER:
      return quarterOf(today);
    case RelativePeriod.CURRENT_YEAR:
      return { from: `${year}-01-01`, to: `${year}-12-31` };
    case RelativePeriod.LAST_30_DAYS:
      return { from: addDays(today, -29), to: today };
    case RelativePeriod.PREVIOUS_MONTH:
      // The day before the current month's first lies in the previous month.
      return relativeRange(RelativePeriod.CURRENT_MONTH, addDays(`${today.slice(0, 7)}-01`, -1));
    case RelativePeriod.PREVIOUS_QUARTER:
      return quarterOf(addDays(quarterOf(today).from, -1));
    case RelativePeriod.PREVIOUS_YEAR:
      return { from: `${year - 1}-01-01`, to: `${year - 1}-12-31` };
    default:
      throw new UnreachableCaseError(period);
  }
}

/**
 * Resolves a range input with the request's clock; null when no input was given. `argument` names
 * the input in error messages (e.g. "filter.period").
 */
export function resolveDateRange(input: DateRangeInput | null | undefined, clock: Clock, argument = "period"): DateRange | null {
  if (!input) return null;
  if (input.relative) {
    if (input.from || input.to) {
      throw badUserInput(`${argument}: give either relative or from/to, not both`, { [argument]: "relative with from/to" });
    }
    return relativeRange(input.relative, vietnamDate(clock.now()));
  }
  const range = { from: input.from ?? null, to: input.to ?? null };
  if (range.from && range.to && range.from > range.to) {
    throw badUserInput(`${argument}: from (${range.from}) is after to (${range.to})`, { [argument]: "from after to" });
  }
  return range;
}

import { paginate, type Page, type PageArgs, type SortColumn } from "../common/connection.js";
import { badUserInput, UnreachableCaseError } from "../common/errors.js";
import { resolveDateRange } from "../common/period.js";
import { textArray, visibleRowsOf } from "../common/visible-rows.js";
import type { HubContext } from "../context.js";
import { provinceCodes } from "../reference/index.js";
import type { PriceType } from "./price-observation.entity.js";
import { PriceObservation } from "./trade.models.js";
import { PricePoint, PriceSeries } from "./price-series.type.js";
import { commodityIds, marketIds } from "./trade.loaders.js";
import { PriceInterval, type PriceObservationFilter } from "./trade.inputs.js";
import type { ReadQuery } from "../common/read-query.js";
import { readSql } from "../common/read-query.js";

/** Newest first; ties (same day) by id, newest first. */
export const PRICE_SORT: SortColumn[] = [
  { property: "observedOn", column: "observed_on", valueOf: (r: PriceObservation) => r.observedOn, kind: "date", direction: "desc" },
];

/** Adds a price filter to a query of price observations (any alias). */
export async function applyPriceFilter(
  context: HubContext,
  query: ReadQuery,
  filter: PriceObservationFilter | null | undefined,
): Promise<{ from: string | null; to: string | null } | null> {
  if (!filter) return null;
  const alias = query.alias;
  if (filter.commodityCodes?.length) {
    query.andWhere({ commodity: { $in: await commodityIds(context, filter.commodityCodes, "filter.commodityCodes") } });
  }
  if (filter.marketCodes?.length) {
    query.andWhere({ market: { $in: await marketIds(context, filter.marketCodes, "filter.marketCodes") } });
  }
  if (filter.marketProvince) {
    query.andWhere(`${alias}.market_province_code = any(?::text[])`, [textArray(await provinceCodes(context, filter.marketProvince))]);
  }
  if (filter.priceTypes?.length) query.andWhere({ priceType: { $in: filter.priceTypes } });
  const range = resolveDateRange(filter.period, context.clock, "filter.period");
  if (range?.from) query.andWhere(`${alias}.observed_on >= ?::date`, [range.from]);
  if (range?.to) query.andWhere(`${alias}.observed_on <= ?::date`, [range.to]);
  return range;
}

const TRUNCATION: Record<PriceInterval, string> = {
  [PriceInterval.DAY]: "day",
  [PriceInterval.WEEK]: "week", // PostgreSQL's weeks are ISO weeks: they start on Monday
  [PriceInterval.MONTH]: "month",
};

function periodEnd(start: string, interval: PriceInterval): string {
  const day = new Date(`${start}T00:00:00Z`);
  switch (interval) {
    case PriceInterval.DAY:
      return start;
    case PriceInterval.WEEK:
      day.setUTCDate(day.getUTCDate() + 6);
      return day.toISOString().slice(0, 10);
    case PriceInterval.MONTH:
      return new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth() + 1, 0)).toISOString().slice(0, 10);
    default:
      throw new UnreachableCaseError(interval);
  }
}

interface SeriesRow {
  commodity_id: number;
  market_id: number;
  price_type: PriceType;
  unit: string;
  period_start: string;
  min: string;
  avg: string;
  max: string;
  count: number;
}

export class PriceService {
  constructor(private readonly context: HubContext) {}

  async priceObservations(filter: PriceObservationFilter | null | undefined, page: PageArgs): Promise<Page<PriceObservation>> {
    const query = visibleRowsOf(this.context, PriceObservation, "p");
    await applyPriceFilter(this.context, query, filter);
    return paginate(this.context, query, PriceObservation, page, PRICE_SORT);
  }

  /**
   * Min, average and max per period, in one grouped statement. Grouping by commodity, market,
   * price type AND unit is what keeps units and price types from ever being averaged together.
   */
  async priceSeries(filter: PriceObservationFilter, interval: PriceInterval): Promise<PriceSeries[]> {
    const query = visibleRowsOf(this.context, PriceObservation, "p");
    const range = await applyPriceFilter(this.context, query, filter);
    // A bound on the period bounds the work on a table of millions of rows.
    if (!range?.from || !range.to) {
      throw badUserInput("priceSeries needs a period with both ends (or a relative period)", { "filter.period": "from and to required" });
    }
    const { sql, bindings } = query.toSql();
    const truncation = TRUNCATION[interval];
    // Grouped and ordered by the period's first day as a timestamp, written as text once per group:
    // the text per row (and sorting it) was half of the statement's time (2,800 rows a quarter for
    // one province's coffee, 6.0 → 2.7 ms).
    const period = `date_trunc('${truncation}', s.observed_on::timestamp)`;
    const rows = await readSql<SeriesRow>(this.context,
      `select s.commodity_id, s.market_id, s.price_type, s.unit,
              to_char(${period}, 'YYYY-MM-DD') as period_start,
              min(s.price_vnd)::text as min, round(avg(s.price_vnd))::text as avg, max(s.price_vnd)::text as max, count(*)::int as count
         from (${sql}) as s
        group by s.commodity_id, s.market_id, s.price_type, s.unit, ${period}
        order by s.commodity_id, s.market_id, s.price_type, s.unit, ${period}`,
      bindings,
    );
    const series: PriceSeries[] = [];
    // Series share their periods: each period's end is reckoned once.
    const ends = new Map<string, string>();
    const endOf = (start: string) => {
      let end = ends.get(start);
      if (end === undefined) ends.set(start, (end = periodEnd(start, interval)));
      return end;
    };
    for (const row of rows) {
      let current = series.at(-1);
      if (!current || current.commodityId !== row.commodity_id || current.marketId !== row.market_id || current.priceType !== row.price_type || current.unit !== row.unit) {
        current = Object.assign(new PriceSeries(), { commodityId: row.commodity_id, marketId: row.market_id, priceType: row.price_type, unit: row.unit, points: [] });
        series.push(current);
      }
      current.points.push(
        Object.assign(new PricePoint(), {
          periodStart: row.period_start,
          periodEnd: endOf(row.period_start),
          min: row.min,
          avg: row.avg,
          max: row.max,
          count: row.count,
        }),
      );
    }
    return series;
  }
}

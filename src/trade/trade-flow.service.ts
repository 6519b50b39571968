import { paginate, type Page, type PageArgs, type SortColumn } from "../common/connection.js";
import { badUserInput } from "../common/errors.js";
import { textArray, visibleRowsOf } from "../common/visible-rows.js";
import type { HubContext } from "../context.js";
import { currentUnitCodes, provinceCodes } from "../reference/index.js";
import { TradeBalance, TradeBalanceMonth, TradeBalanceVolume } from "./trade-balance.type.js";
import { TradeFlow } from "./trade.models.js";
import { commodityIds } from "./trade.loaders.js";
import type { TradeFlowFilter } from "./trade.inputs.js";
import { readSql } from "../common/read-query.js";

const FLOW_SORT: SortColumn[] = [{ property: "month", column: "month", valueOf: (r: TradeFlow) => r.month, kind: "text", direction: "desc" }];

/** At most twenty years of months in one balance: the answer lists every month. */
const MAX_BALANCE_MONTHS = 240;

export interface TradeBalanceQuery {
  provinceA: string;
  provinceB: string;
  fromMonth: string;
  toMonth: string;
  commodityCode?: string | null;
  rollUpToCurrentUnits: boolean;
}

/** Every month from `from` to `to` (YYYY-MM, inclusive). */
export function monthsBetween(from: string, to: string): string[] {
  const months: string[] = [];
  let year = Number(from.slice(0, 4));
  let month = Number(from.slice(5, 7));
  for (let current = from; current <= to && months.length <= MAX_BALANCE_MONTHS; ) {
    months.push(current);
    month += 1;
    if (month > 12) {
      month = 1;
      year += 1;
    }
    current = `${year}-${String(month).padStart(2, "0")}`;
  }
  return months;
}

interface BalanceRow {
  month: string;
  a_to_b: boolean;
  unit: string;
  volume: number;
  value: string;
  flows: number;
}

export class TradeFlowService {
  constructor(private readonly context: HubContext) {}

  async tradeFlows(filter: TradeFlowFilter | null | undefined, page: PageArgs): Promise<Page<TradeFlow>> {
    const query = visibleRowsOf(this.context, TradeFlow, "f");
    if (filter?.origin) query.andWhere("f.origin_code = any(?::text[])", [textArray(await provinceCodes(this.context, filter.origin))]);
    if (filter?.destination) {
      query.andWhere("f.destination_code = any(?::text[])", [textArray(await provinceCodes(this.context, filter.destination))]);
    }
    if (filter?.commodityCodes?.length) {
      query.andWhere({ commodity: { $in: await commodityIds(this.context, filter.commodityCodes, "filter.commodityCodes") } });
    }
    if (filter?.fromMonth) query.andWhere("f.month >= ?", [filter.fromMonth]);
    if (filter?.toMonth) query.andWhere("f.month <= ?", [filter.toMonth]);
    return paginate(this.context, query, TradeFlow, page, FLOW_SORT);
  }

  /**
   * Month-by-month trade between two provinces in one grouped statement. With roll-up, each side
   * stands for today's unit and every unit that merged into it (Kon Tum's VN-28 flows count for
   * VN-29); without, exactly the codes asked for.
   */
  async tradeBalance(args: TradeBalanceQuery): Promise<TradeBalance> {
    if (args.fromMonth > args.toMonth) throw badUserInput("fromMonth is after toMonth", { fromMonth: "after toMonth" });
    const months = monthsBetween(args.fromMonth, args.toMonth);
    if (months.length > MAX_BALANCE_MONTHS) {
      throw badUserInput(`A trade balance covers at most ${MAX_BALANCE_MONTHS} months`, { toMonth: `at most ${MAX_BALANCE_MONTHS} months after fromMonth` });
    }
    // Validates both codes (unknown codes are an input error).
    await provinceCodes(this.context, { codes: [args.provinceA, args.provinceB], includePredecessors: false });
    let sideA = { code: args.provinceA, codes: [args.provinceA] };
    let sideB = { code: args.provinceB, codes: [args.provinceB] };
    if (args.rollUpToCurrentUnits) {
      const today = await currentUnitCodes(this.context);
      const side = (code: string) => {
        const current = today.get(code) ?? code;
        // Today's unit first, then the units it absorbed.
        const codes = [current, ...[...today.entries()].filter(([unit, target]) => target === current && unit !== current).map(([unit]) => unit).sort()];
        return { code: current, codes };
      };
      sideA = side(args.provinceA);
      sideB = side(args.provinceB);
    }
    if (sideA.codes.some((code) => sideB.codes.includes(code))) {
      throw badUserInput(`${args.provinceA} and ${args.provinceB} are the same unit${args.rollUpToCurrentUnits ? " once rolled up to today's units" : ""}`, {
        provinceB: "same unit as provinceA",
      });
    }

    const query = visibleRowsOf(this.context, TradeFlow, "f")
      .andWhere("f.month >= ? and f.month <= ?", [args.fromMonth, args.toMonth])
      .andWhere(
        "((f.origin_code = any(?::text[]) and f.destination_code = any(?::text[])) or (f.origin_code = any(?::text[]) and f.destination_code = any(?::text[])))",
        [textArray(sideA.codes), textArray(sideB.codes), textArray(sideB.codes), textArray(sideA.codes)],
      );
    if (args.commodityCode) query.andWhere({ commodity: { $in: await commodityIds(this.context, [args.commodityCode], "commodityCode") } });
    const { sql, bindings } = query.toSql();
    const rows = await readSql<BalanceRow>(this.context,
      `select b.month, b.origin_code = any(?::text[]) as a_to_b, b.unit,
              sum(b.volume)::float8 as volume, coalesce(sum(b.value_vnd), 0)::text as value, count(*)::int as flows
         from (${sql}) as b
        group by b.month, a_to_b, b.unit
        order by b.month, b.unit`,
      [textArray(sideA.codes), ...bindings],
    );

    // Values are whole VND (numeric scale 0): BigInt adds them exactly.
    const values = new Map(months.map((month) => [month, { aToB: 0n, bToA: 0n }]));
    const entries = new Map(
      months.map((month) => [
        month,
        Object.assign(new TradeBalanceMonth(), { ownerProvinceCodes: [...sideA.codes, ...sideB.codes], month, flowsAToB: 0, flowsBToA: 0, volumes: [] }),
      ]),
    );
    for (const row of rows) {
      const entry = entries.get(row.month);
      const value = values.get(row.month);
      if (!entry || !value) continue;
      let volume = entry.volumes.find((candidate) => candidate.unit === row.unit);
      if (!volume) {
        volume = Object.assign(new TradeBalanceVolume(), { unit: row.unit, aToB: 0, bToA: 0, net: 0 });
        entry.volumes.push(volume);
      }
      if (row.a_to_b) {
        value.aToB += BigInt(row.value);
        entry.flowsAToB += row.flows;
        volume.aToB += row.volume;
      } else {
        value.bToA += BigInt(row.value);
        entry.flowsBToA += row.flows;
        volume.bToA += row.volume;
      }
      volume.net = volume.aToB - volume.bToA;
    }
    for (const [month, entry] of entries) {
      const value = values.get(month)!;
      entry.valueAToB = value.aToB.toString();
      entry.valueBToA = value.bToA.toString();
      entry.netValue = (value.aToB - value.bToA).toString();
    }
    const balance = Object.assign(new TradeBalance(), {
      provinceACode: sideA.code,
      provinceBCode: sideB.code,
      unitCodesA: sideA.codes,
      unitCodesB: sideB.codes,
      rolledUpToCurrentUnits: args.rollUpToCurrentUnits,
      months: [...entries.values()],
    });
    return balance;
  }
}

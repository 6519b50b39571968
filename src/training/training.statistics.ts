import { Field, Int, ObjectType } from "type-graphql";
import { Classification, Classified } from "../common/classification.js";
import { resolveDateRange } from "../common/period.js";
import { textArray, visibleRows } from "../common/visible-rows.js";
import { TrainingLinkEntity } from "./training-link.entity.js";
import type { HubContext } from "../context.js";
import { currentUnitCodes } from "../reference/index.js";
import { TrainingOutcomeEntity, TrainingOutcomeKind } from "./training-outcome.entity.js";
import type { TrainingOutcomeStatisticsFilter } from "./training.inputs.js";
import { applyTrainingLinkFilter, type FilterTarget } from "./training.service.js";
import { readSql } from "../common/read-query.js";

/** One cell of the outcome statistics: a partner province and an outcome kind. */
@ObjectType({ description: "The outcomes of one kind delivered to one partner province: the sum of their values and the number of links behind them." })
@Classified(Classification.PUBLIC)
export class TrainingOutcomeTotal {
  @Field({ description: "ISO 3166-2:VN code of the partner province (today's unit when rolled up, e.g. Kon Tum's VN-28 figures under VN-29)." })
  partnerProvinceCode!: string;

  @Field(() => TrainingOutcomeKind, { description: "What the values count." })
  kind!: TrainingOutcomeKind;

  @Field(() => Int, { description: "Sum of the outcome values." })
  total!: number;

  @Field(() => Int, { description: "Number of distinct training links that recorded outcomes of this kind for the province." })
  linkCount!: number;
}

/**
 * Outcomes per partner province and kind, summed in SQL. Rolling up maps every unit to today's
 * unit in the same statement (a join on the succession map), so Kon Tum's links count for
 * Quảng Ngãi; without it each link stays under the unit it was made with.
 */
export async function trainingOutcomeTotals(
  context: HubContext,
  filter: TrainingOutcomeStatisticsFilter | null | undefined,
  rollUpToCurrentUnits: boolean,
): Promise<TrainingOutcomeTotal[]> {
  const outcomes = visibleRows(context, TrainingOutcomeEntity, "o").join("o.link", "l");
  // The link's own visibility: the outcome's rows already follow it, but the hook decides, not us.
  const linkCondition = context.visibility.rowCondition(TrainingLinkEntity, "l");
  if (linkCondition) outcomes.andWhere(linkCondition.sql, linkCondition.params);
  if (filter?.kinds?.length) outcomes.andWhere("o.kind = any(?::text[])", [textArray(filter.kinds)]);
  const period = resolveDateRange(filter?.period, context.clock, "filter.period");
  if (period?.from) outcomes.andWhere("o.recorded_on >= ?", [period.from]);
  if (period?.to) outcomes.andWhere("o.recorded_on <= ?", [period.to]);
  // The link filters read the link's columns through the join alias.
  const links: FilterTarget = { alias: "l", andWhere: (condition, params) => outcomes.andWhere(condition, params) };
  await applyTrainingLinkFilter(context, links, { kinds: filter?.linkKinds ?? null, institutionProvince: filter?.institutionProvince ?? null });
  outcomes.select(["l.id as link_id", "l.partner_province_code as partner_code", "o.kind as kind", "o.value as value"]);

  const inner = outcomes.toSql();
  const mapping = rollUpToCurrentUnits ? [...(await currentUnitCodes(context)).entries()] : [];
  const rows = await readSql<{ province_code: string; kind: TrainingOutcomeKind; total: string; link_count: number }>(context,
    `select coalesce(m.current_code, f.partner_code) as province_code, f.kind, sum(f.value)::bigint as total, count(distinct f.link_id)::int as link_count
       from (${inner.sql}) as f
       left join unnest(?::text[], ?::text[]) as m(code, current_code) on m.code = f.partner_code
      group by 1, 2
      order by coalesce(m.current_code, f.partner_code) collate "C", f.kind collate "C"`,
    [...inner.bindings, textArray(mapping.map(([code]) => code)), textArray(mapping.map(([, current]) => current))],
  );
  return rows.map((row) => ({ partnerProvinceCode: row.province_code, kind: row.kind, total: Number(row.total), linkCount: Number(row.link_count) }));
}

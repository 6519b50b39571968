import { LockMode } from "@mikro-orm/core";
import { agencyEditor, assertOwnerOf } from "../auth/writers.js";
import { vietnamDate } from "../common/clock.js";
import { badUserInput, conflict, notFound } from "../common/errors.js";
import { expectGlobalId } from "../common/node.js";
import type { HubContext } from "../context.js";
import { EventTopic, type NewEvent } from "../events/index.js";
import { toReadModel } from "../common/read-model.js";
import { Agency, AgencyEntity, Commodity, commodityByCode, CommodityEntity, Market, marketByCode, MarketEntity } from "../reference/index.js";
import { runWrite } from "../writes/write.js";
import { PriceCorrectionEntity } from "./price-correction.entity.js";
import { PriceObservationEntity } from "./price-observation.entity.js";
import { PriceObservation } from "./trade.models.js";
import type { CorrectPriceObservationInput, PriceObservationInput, RecordPriceObservationsInput } from "./price.inputs.js";
import { priceObservationById } from "./trade.loaders.js";

/** The fields a price report writes, for its audit entry. */
const REPORTED_FIELDS = ["PriceObservation.commodity", "PriceObservation.market", "PriceObservation.observedOn", "PriceObservation.priceType", "PriceObservation.priceVnd", "PriceObservation.note"];

export interface RecordedPrices {
  observations: PriceObservation[];
  /** True when this call repeated an earlier one with the same idempotency key (nothing was written). */
  replayed: boolean;
}

/** The announcement of a price: subscribers filter on its commodity and market. */
export function priceEvent(observation: Pick<PriceObservation, "id" | "priceType" | "ownerProvinceCodes">, commodityCode: string, marketCode: string, kind: "ADDED" | "CORRECTED"): NewEvent {
  return {
    topic: EventTopic.PRICE_OBSERVATIONS,
    kind,
    recordType: "PriceObservation",
    recordId: observation.id,
    keys: { commodityCode, marketCode, priceType: observation.priceType },
    ownerProvinceCodes: observation.ownerProvinceCodes,
  };
}

/**
 * Price reports by agency editors: for markets of their own province (or of units it absorbed),
 * owned by that province, each one announced to subscribers. A batch is written all or nothing.
 */
export class PriceWrites {
  constructor(private readonly context: HubContext) {}

  async record(input: RecordPriceObservationsInput): Promise<RecordedPrices> {
    const { agency } = await agencyEditor(this.context, "report prices");
    const resolved = await this.resolve(input.observations, agency);
    return runWrite<RecordedPrices>(
      this.context,
      async ({ tx, audited, emit }) => {
        const observations = resolved.map(({ row, commodity, market }): PriceObservationEntity =>
          Object.assign(new PriceObservationEntity(), {
            commodity: tx.getReference(CommodityEntity, commodity.id),
            market: tx.getReference(MarketEntity, market.id),
            marketProvinceCode: market.provinceCode,
            observedOn: row.observedOn,
            priceType: row.priceType,
            priceVnd: row.priceVnd,
            unit: commodity.standardUnit,
            sourceAgency: tx.getReference(AgencyEntity, agency.id),
            note: row.note ?? null,
            ownerProvinceCodes: [agency.provinceCode],
          }),
        );
        tx.persist(observations);
        await tx.flush();
        audited(REPORTED_FIELDS, [agency.provinceCode], observations.length);
        observations.forEach((observation, index) => emit(priceEvent(observation, resolved[index]!.commodity.code, resolved[index]!.market.code, "ADDED")));
        return { observations: observations.map((observation) => toReadModel(this.context, PriceObservation, observation)), replayed: false };
      },
      input.idempotencyKey
        ? {
            key: input.idempotencyKey,
            operation: "recordPriceObservations",
            request: input.observations,
            store: (result) => result.observations.map((observation) => observation.id),
            restore: async (stored) => ({ observations: (await priceObservationById(this.context).loadMany(stored as number[])) as PriceObservation[], replayed: true }),
          }
        : undefined,
    );
  }

  /** Every row checked before anything is written, every problem named by its row. */
  private async resolve(rows: PriceObservationInput[], agency: Agency) {
    const today = vietnamDate(this.context.clock.now());
    const [commodities, markets] = await Promise.all([
      commodityByCode(this.context).loadMany(rows.map((row) => row.commodityCode)),
      marketByCode(this.context).loadMany(rows.map((row) => row.marketCode)),
    ]);
    const problems: Record<string, string> = {};
    const seen = new Map<string, number>();
    const resolved = rows.map((row, index) => {
      const commodity = commodities[index];
      const market = markets[index];
      if (!(commodity instanceof Commodity)) problems[`observations.${index}.commodityCode`] = `unknown commodity ${row.commodityCode}`;
      if (!(market instanceof Market)) problems[`observations.${index}.marketCode`] = `unknown market ${row.marketCode}`;
      else if (!this.context.access.ownCodes.has(market.provinceCode)) problems[`observations.${index}.marketCode`] = `${row.marketCode} is a market of ${market.provinceCode}, not of ${agency.provinceCode}`;
      if (row.observedOn > today) problems[`observations.${index}.observedOn`] = `in the future (today is ${today})`;
      const key = [row.commodityCode, row.marketCode, row.priceType, row.observedOn].join("|");
      const first = seen.get(key);
      if (first !== undefined) problems[`observations.${index}`] = `repeats observations.${first} (same commodity, market, price type and day)`;
      else seen.set(key, index);
      return { row, commodity: commodity as Commodity, market: market as Market };
    });
    if (Object.keys(problems).length > 0) {
      const first = Object.entries(problems)[0]!;
      throw badUserInput(`${Object.keys(problems).length} problem(s) in the batch, e.g. ${first[0]}: ${first[1]}; nothing was written`, problems);
    }
    return resolved;
  }

  /** Corrects a reported price; the replaced value stays in the observation's corrections. */
  async correct(input: CorrectPriceObservationInput): Promise<PriceObservation> {
    const { agency } = await agencyEditor(this.context, "correct prices");
    const id = expectGlobalId(input.id, "PriceObservation", "id");
    return runWrite(this.context, async ({ tx, audited, emit }) => {
      const observation = await tx.findOne(PriceObservationEntity, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE, populate: ["commodity", "market"] });
      if (!observation) throw notFound("No such price observation");
      assertOwnerOf(this.context, observation.ownerProvinceCodes, "This price observation");
      if (observation.version !== input.version) {
        throw conflict(`The observation is at version ${observation.version}, not ${input.version}: read it again before correcting it`, { currentVersion: observation.version });
      }
      if (observation.priceVnd === input.priceVnd && (input.note === undefined || input.note === observation.note)) {
        throw badUserInput("The correction changes nothing", { priceVnd: "the same as reported" });
      }
      tx.persist(
        Object.assign(new PriceCorrectionEntity(), {
          observation: tx.getReference(PriceObservationEntity, observation.id),
          revision: observation.version,
          previousPriceVnd: observation.priceVnd,
          previousNote: observation.note,
          reason: input.reason,
          correctedBy: tx.getReference(AgencyEntity, agency.id),
          correctedAt: this.context.clock.now(),
          ownerProvinceCodes: observation.ownerProvinceCodes,
        }),
      );
      observation.priceVnd = input.priceVnd;
      if (input.note !== undefined) observation.note = input.note;
      observation.version += 1;
      audited(["PriceObservation.priceVnd", "PriceObservation.note"], observation.ownerProvinceCodes);
      emit(priceEvent(observation, observation.commodity.getEntity().code, observation.market.getEntity().code, "CORRECTED"));
      return toReadModel(this.context, PriceObservation, observation);
    });
  }
}

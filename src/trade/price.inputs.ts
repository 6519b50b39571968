import { ArrayMaxSize, ArrayNotEmpty, IsOptional, Length, Matches, MaxLength, ValidateNested } from "class-validator";
import { Field, ID, InputType, Int } from "type-graphql";
import { DecimalScalar, LocalDateScalar } from "../common/scalars.js";
import { PriceType } from "./price-observation.entity.js";

/** The largest batch one call may carry; larger sets go through the CSV import. */
export const MAX_PRICE_BATCH = 1_000;

const PRICE = /^[1-9]\d{0,11}$/;

@InputType({ description: "One price as an agency reports it." })
export class PriceObservationInput {
  @Field({ description: 'The commodity\'s code, e.g. "COFFEE_ROBUSTA".' })
  @Length(1, 64)
  commodityCode!: string;

  @Field({ description: 'The market\'s code, e.g. "HCM-BINH-DIEN". It must be a market of the reporting agency\'s province (or of a unit it absorbed).' })
  @Length(1, 64)
  marketCode!: string;

  @Field(() => LocalDateScalar, { description: "The day observed (Asia/Ho_Chi_Minh); not in the future." })
  observedOn!: string;

  @Field(() => PriceType, { description: "Farm-gate, wholesale or retail." })
  priceType!: PriceType;

  @Field(() => DecimalScalar, { description: 'VND per the commodity\'s standard unit, a whole number, e.g. "126500".' })
  @Matches(PRICE, { message: "priceVnd must be a whole number of VND from 1 to 999,999,999,999" })
  priceVnd!: string;

  @Field(() => String, { nullable: true, description: 'A remark, e.g. "loại 1, hàng xuất khẩu".' })
  @IsOptional()
  @MaxLength(500)
  note?: string | null;
}

@InputType({ description: "A batch of prices reported by one agency, written all or nothing." })
export class RecordPriceObservationsInput {
  @Field(() => String, {
    nullable: true,
    description: "A key of your choosing (a UUID) that makes a retry safe: a repeated call with the same key and batch returns the first call's result and writes nothing.",
  })
  @IsOptional()
  idempotencyKey?: string | null;

  @Field(() => [PriceObservationInput], { description: `The prices, 1 to ${MAX_PRICE_BATCH}. Each (commodity, market, price type, day) once per agency.` })
  @ArrayNotEmpty({ message: "observations must hold at least one price" })
  @ArrayMaxSize(MAX_PRICE_BATCH, { message: `observations holds at most ${MAX_PRICE_BATCH} prices; import larger sets as CSV` })
  @ValidateNested({ each: true })
  observations!: PriceObservationInput[];
}

@InputType({ description: "A correction of a reported price: the earlier value is kept in the observation's corrections." })
export class CorrectPriceObservationInput {
  @Field(() => ID, { description: "The observation's global id." })
  id!: string;

  @Field(() => Int, { description: "The version the correction is based on (`PriceObservation.version`)." })
  version!: number;

  @Field(() => DecimalScalar, { description: "The correct price in VND per the observation's unit." })
  @Matches(PRICE, { message: "priceVnd must be a whole number of VND from 1 to 999,999,999,999" })
  priceVnd!: string;

  @Field(() => String, { nullable: true, description: "The correct note; omitted, the note is kept." })
  @IsOptional()
  @MaxLength(500)
  note?: string | null;

  @Field({ description: "Why the price is corrected (kept with the earlier value)." })
  @Length(5, 500, { message: "reason must be 5 to 500 characters" })
  reason!: string;
}

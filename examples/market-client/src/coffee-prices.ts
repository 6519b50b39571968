import { CoffeePricesDocument, CoffeeWeeklyDocument, type CoffeePricesQuery, type CoffeeWeeklyQuery } from "../gql/graphql.js";
import { execute, type HubClientOptions } from "./hub-client.js";

/** One observed price, as the trader's screen shows it. */
export interface CoffeePrice {
  observedOn: string;
  market: string;
  priceType: string;
  /** VND, an exact decimal string (the hub's `Decimal`): never a float. */
  priceVnd: string;
  unit: string;
}

/** Robusta prices observed in Đắk Lắk (VN-33) between two dates, newest first. */
export async function coffeePrices(hub: HubClientOptions, from: string, to: string): Promise<CoffeePrice[]> {
  const result = await execute(hub, CoffeePricesDocument, { from, to });
  if (result.errors?.length) throw new Error(`The hub refused: ${result.errors.map((error) => `${error.extensions?.code ?? "ERROR"} ${error.message}`).join("; ")}`);
  const nodes: CoffeePricesQuery["priceObservations"]["nodes"] = result.data?.priceObservations.nodes ?? [];
  return nodes.map((node) => ({ observedOn: node.observedOn, market: node.market.name, priceType: node.priceType, priceVnd: node.priceVnd, unit: node.unit }));
}

/** Weekly lowest / average / highest, per market and price type. */
export async function coffeeWeekly(hub: HubClientOptions, from: string, to: string): Promise<CoffeeWeeklyQuery["priceSeries"]> {
  const result = await execute(hub, CoffeeWeeklyDocument, { from, to });
  if (result.errors?.length) throw new Error(`The hub refused: ${result.errors.map((error) => error.message).join("; ")}`);
  return result.data?.priceSeries ?? [];
}

/** Exact arithmetic on Decimal strings: the spread between two prices, in whole VND. */
export function spreadVnd(low: string, high: string): bigint {
  const whole = (value: string) => BigInt(value.split(".")[0]!);
  return whole(high) - whole(low);
}

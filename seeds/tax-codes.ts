/**
 * Tax codes of synthetic enterprises. Real enterprise tax codes start with the two-digit code of
 * the tax department that issued them, from 01 upwards; no department has code 00, so codes
 * "00xxxxxxxx" can never collide with a real enterprise. Demo enterprises use 0099xxxxxx and the
 * scale generator 00xxxxxxxx below that.
 */
export function demoTaxCode(index: number): string {
  return `0099${String(index + 1).padStart(6, "0")}`;
}

export function generatedTaxCode(index: number): string {
  if (index >= 99_000_000) throw new RangeError("the reserved range holds 99 million generated tax codes");
  return `00${String(index).padStart(8, "0")}`;
}

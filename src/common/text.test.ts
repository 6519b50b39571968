import { describe, expect, it } from "vitest";
import { foldForSearch, vietnameseSortKey } from "./text.js";

describe("foldForSearch", () => {
  it("removes diacritics, đ included, and case", () => {
    expect(foldForSearch("Đắk Lắk")).toBe("dak lak");
    expect(foldForSearch("  Thành phố   Hồ Chí Minh ")).toBe("thanh pho ho chi minh");
  });
});

describe("vietnameseSortKey", () => {
  const sorted = (words: string[]) => [...words].sort((a, b) => (vietnameseSortKey(a) < vietnameseSortKey(b) ? -1 : 1));

  it("orders by the Vietnamese alphabet, not by code points", () => {
    expect(sorted(["Đà Lạt", "Dak", "Ea Kar", "Âu", "Ăn", "An"])).toEqual(["An", "Ăn", "Âu", "Dak", "Đà Lạt", "Ea Kar"]);
  });

  it("breaks ties by tone: ngang, huyền, hỏi, ngã, sắc, nặng", () => {
    expect(sorted(["má", "mạ", "mà", "ma", "mã", "mả"])).toEqual(["ma", "mà", "mả", "mã", "má", "mạ"]);
  });

  it("puts a word before its longer continuations", () => {
    expect(sorted(["anh", "an b", "an"])).toEqual(["an", "an b", "anh"]);
  });

  it("uses only lower-case letters, so any collation orders keys alike", () => {
    expect(vietnameseSortKey("Cà phê Buôn Ma Thuột 2024!")).toMatch(/^[a-z]+$/);
  });
});

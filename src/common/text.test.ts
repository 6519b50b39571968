import { describe, expect, it } from "vitest";
import { foldForSearch, SEARCH_MAX_CHARACTERS, SEARCH_MAX_WORDS, searchProblem, vietnameseSortKey } from "./text.js";

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

describe("searchProblem", () => {
  it("allows a search up to its words and characters, and names the bound it exceeds", () => {
    expect(searchProblem(Array.from({ length: SEARCH_MAX_WORDS }, () => "ca").join("  "))).toBeNull();
    expect(searchProblem(Array.from({ length: SEARCH_MAX_WORDS + 1 }, () => "ca").join(" "))).toMatch(`at most ${SEARCH_MAX_WORDS} words`);
    expect(searchProblem("x".repeat(SEARCH_MAX_CHARACTERS))).toBeNull();
    expect(searchProblem("x".repeat(SEARCH_MAX_CHARACTERS + 1))).toMatch(`at most ${SEARCH_MAX_CHARACTERS} characters`);
  });

  it("judges a huge search by its length alone, without splitting it into words", () => {
    expect(searchProblem("ca ".repeat(100_000))).toMatch(/characters \(got 300000\)/);
  });
});

describe("foldForSearch on the inputs its bounds allow", () => {
  it("folds whitespace runs and combining marks of any length in one pass", () => {
    expect(foldForSearch(` a${" \t".repeat(50)}b `)).toBe("a b");
    expect(foldForSearch(`a${"\u0301".repeat(150)}`)).toBe("a");
  });
});

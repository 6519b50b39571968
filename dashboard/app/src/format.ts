import { dictionaries, type Language, localeOf, type Words } from "./i18n.js";
import type { HubError } from "./hub.js";
import { h, type Paging } from "./dom.js";

/** What every panel renders with: the words and number formats of the chosen language. */
export interface View {
  language: Language;
  words: Words;
  /** VND and other amounts, grouped as the language writes them (112.000 / 112,000). */
  amount: (value: string | number | null | undefined) => string;
  /** An axis label: short, with the language's words for thousands, millions, billions ("1,2 tỷ", "850 tr" / "1.2bn", "850m"). */
  compact: (value: number) => string;
  /** "2026-11" → "11/2026" (vi) or "Nov 2026" (en). */
  month: (yearMonth: string) => string;
  date: (isoDate: string) => string;
}

export function viewOf(language: Language): View {
  const locale = localeOf(language);
  const amounts = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
  const months = new Intl.DateTimeFormat(locale, { month: language === "vi" ? "2-digit" : "short", year: "numeric", timeZone: "UTC" });
  const dates = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeZone: "UTC" });
  return {
    language,
    words: dictionaries[language],
    amount: (value) => (value === null || value === undefined ? "" : amounts.format(Number(value))),
    compact: (value) => compactAmount(language, value),
    // Vietnamese writes a month as "11/2026" (ICU's "tháng 11, 2026" takes two lines in a table).
    month: (yearMonth) => (language === "vi" ? `${yearMonth.slice(5, 7)}/${yearMonth.slice(0, 4)}` : months.format(new Date(`${yearMonth.slice(0, 7)}-01T00:00:00Z`))),
    date: (isoDate) => dates.format(new Date(`${isoDate}T00:00:00Z`)),
  };
}

const SCALES: Record<Language, [number, string][]> = {
  vi: [
    [1e9, "tỷ"],
    [1e6, "tr"],
    [1e3, "nghìn"],
  ],
  en: [
    [1e9, "bn"],
    [1e6, "m"],
    [1e3, "k"],
  ],
};

/** At most three significant digits and a word for the scale: what fits beside a chart. */
export function compactAmount(language: Language, value: number): string {
  const locale = localeOf(language);
  const magnitude = Math.abs(value);
  for (const [scale, word] of SCALES[language]) {
    if (magnitude >= scale) {
      const scaled = value / scale;
      const digits = Math.abs(scaled) >= 100 ? 0 : Math.abs(scaled) >= 10 ? 1 : 2;
      const number = new Intl.NumberFormat(locale, { maximumFractionDigits: digits }).format(scaled);
      return language === "vi" ? `${number} ${word}` : `${number}${word}`;
    }
  }
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }).format(value);
}

/** A cell the hub withheld: says so, and why — never shown as empty data. */
export function withheldCell(view: View, error: HubError): HTMLTableCellElement {
  const reason = error.extensions?.reason as keyof Words["reasons"] | undefined;
  const why = reason && reason in view.words.reasons ? view.words.reasons[reason] : error.message;
  return h("td", { class: "withheld", "data-withheld": reason ?? "", title: error.message }, `${view.words.withheld} — ${why}`);
}

/** Long tables show this many rows, with "more" (half as many on a phone, where a row is a card). */
export function pagingOf(view: View, limit = 10): Paging {
  const narrow = window.matchMedia("(max-width: 640px)").matches;
  return { limit: narrow ? Math.ceil(limit / 2) : limit, more: view.words.showMore, less: view.words.showLess, shown: view.words.rowsShown };
}

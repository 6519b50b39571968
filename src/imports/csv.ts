import { CsvError, Parser } from "csv-parse";
import { ErrorCode } from "../common/errors.js";
import { foldForSearch } from "../common/text.js";

/**
 * The CSV files agencies keep, as the hub reads them:
 * - UTF-8, with or without a byte-order mark; every value is normalised to NFC (a Vietnamese name
 *   typed on one machine equals the same name typed on another) and trimmed.
 * - Comma- or semicolon-separated (the first line decides), quotes as in RFC 4180.
 * - The first line names the columns; columns are found by name, in any order, ignoring case,
 *   diacritics, spaces and underscores ("Mã hàng", "ma_hang" and "MAHANG" are one name).
 *   An unknown column is an error, so a typo is not silently ignored.
 * - Whole đồng: ".", "," and spaces between groups of digits are thousands separators
 *   ("118.500", "118,500" and "118 500" are 118500); a decimal part is an error.
 * - Quantities with one decimal mark, "." or "," ("12,5" = 12.5), no thousands separators.
 * - Days as YYYY-MM-DD or DD/MM/YYYY (also DD-MM-YYYY); months as YYYY-MM or MM/YYYY.
 */

/** One problem with a file, by its line (1 is the header) and column name. */
export interface ImportProblem {
  line: number;
  column: string | null;
  message: string;
}

/** A data row: its line number and its values by canonical column name. */
export interface CsvRow {
  line: number;
  values: RowValues;
  /** Values beyond the named columns (an unquoted separator inside a value, usually). */
  extraValues: number;
}

/**
 * A row's non-empty values by canonical column name, read from the parsed record in place: a
 * million-row file makes a million of these, so each is two references, not a Map of its own.
 */
export class RowValues {
  constructor(
    private readonly record: readonly string[],
    private readonly header: Header,
  ) {}

  get(name: string): string | undefined {
    const index = this.header.indexOf.get(name);
    const value = index === undefined ? undefined : this.record[index];
    return value === "" ? undefined : value;
  }

  *[Symbol.iterator](): IterableIterator<[string, string]> {
    const { names } = this.header;
    for (let index = 0; index < names.length; index += 1) {
      const name = names[index];
      const value = this.record[index];
      if (name && value) yield [name, value];
    }
  }
}

/** The header as read: each position's canonical name (null for none) and each name's position. */
interface Header {
  names: (string | null)[];
  indexOf: Map<string, number>;
}

export interface ColumnSpec {
  /** The canonical name, as documented. */
  name: string;
  required: boolean;
  /** Other names accepted (e.g. the Vietnamese ones). */
  aliases: string[];
}

const ASCII = /^[\x00-\x7f]*$/;

const foldName = (name: string) => foldForSearch(name).replace(/[\s_\-.]/g, "");

/** The first line decides the separator: the one it uses more of. */
function delimiterOf(firstLine: string): string {
  const count = (character: string) => firstLine.split(character).length - 1;
  return count(";") > count(",") ? ";" : ",";
}

/** Data rows handed over at a time: enough that the per-batch await costs nothing per row. */
const ROWS_PER_BATCH = 2_000;

/**
 * Reads the header and yields data rows in batches (a million-row file is a thousand awaits, not
 * a million); header problems are thrown as a list.
 */
export async function* readCsv(source: AsyncIterable<Buffer | string>, columns: readonly ColumnSpec[]): AsyncGenerator<CsvRow[], void, undefined> {
  const iterator = source[Symbol.asyncIterator]();
  // Peek at the start to find the separator, then feed everything to the parser.
  let head = "";
  const peeked: (Buffer | string)[] = [];
  // Any line ending ends the first line (old Excel for Mac writes CR alone); a header is never this long.
  while (!/[\r\n]/.test(head) && head.length < 65_536) {
    const next = await iterator.next();
    if (next.done) break;
    peeked.push(next.value);
    head += next.value.toString();
  }
  const firstLine = head.replace(/^\uFEFF/, "").split(/\r\n?|\n/)[0] ?? "";
  // Where the last complete record ended, seen as the parser makes it (records it had made but not
  // yet handed over are dropped when it fails): a quote never closed swallows the rest of the file
  // into one record, and the line to point at is where that record began, not the file's last.
  const lastRecord = { lines: 0, emptyLines: 0 };
  const parser = new LineNumberedParser(lastRecord, {
    bom: true,
    delimiter: delimiterOf(firstLine),
    relax_column_count: true,
    skip_empty_lines: true,
    trim: false,
    // No value of any import is near this long: a longer record is a quote left open, refused
    // here rather than buffered to the end of a large file.
    max_record_size: MAX_RECORD_CHARACTERS,
  });
  let stopped = false;
  parser.once("close", () => (stopped = true));
  // Waits for the parser to want more, or to be gone (the reader stopped early, e.g. at 100 problems).
  // Whichever comes first removes the other listener: a big file waits for room thousands of times.
  const room = () => new Promise<void>((resolve) => {
    if (stopped) return resolve();
    const done = () => {
      parser.off("drain", done);
      parser.off("close", done);
      resolve();
    };
    parser.once("drain", done);
    parser.once("close", done);
  });
  const feeding = (async () => {
    try {
      for (const chunk of peeked) if (!stopped && !parser.write(chunk)) await room();
      for (let next = await iterator.next(); !next.done && !stopped; next = await iterator.next()) {
        if (!parser.write(next.value)) await room();
      }
      if (!stopped) parser.end();
    } catch (error) {
      parser.destroy(error as Error);
    }
  })();

  let header: Header | null = null;
  try {
    for await (const records of batchesOf(parser as unknown as RecordStream)) {
      const rows: CsvRow[] = [];
      for (const { line, record } of records) {
        // NFC only where it can change something (ASCII is already normalised): most values are codes and numbers.
        let empty = true;
        for (let index = 0; index < record.length; index += 1) {
          const raw = record[index]!;
          const value = (ASCII.test(raw) ? raw : raw.normalize("NFC")).trim();
          record[index] = value;
          if (value !== "") empty = false;
        }
        if (header === null) {
          header = headerOf(record, columns);
          continue;
        }
        if (empty) continue;
        rows.push({ line, values: new RowValues(record, header), extraValues: Math.max(0, record.length - header.names.length) });
      }
      if (rows.length > 0) yield rows;
    }
  } catch (error) {
    // The file's own syntax is the caller's to fix; anything else (the body over its limit, a
    // broken connection) is passed on as it is.
    if (error instanceof CsvError) throw new ImportRejected([syntaxProblem(error, lastRecord)]);
    throw error;
  }
  await feeding;
  if (header === null) throw new ImportRejected([{ line: 1, column: null, message: "the file is empty: its first line must name the columns" }]);
}

/**
 * csv-parse's stream, handing over each record with the line it ends on. The parser hands a
 * record over (`push`) the moment it completes it, when its running count of lines is that
 * record's; reading the count there costs nothing, where `info: true` or an `on_record` hook
 * build a context object per record (a fifth of the parse of a million-row file, and garbage).
 */
class LineNumberedParser extends Parser {
  constructor(
    private readonly lastRecord: { lines: number; emptyLines: number },
    options: ConstructorParameters<typeof Parser>[0],
  ) {
    super(options);
  }

  override push(record: unknown): boolean {
    if (record === null) return super.push(null);
    const { lines, empty_lines: emptyLines } = this.info;
    this.lastRecord.lines = lines;
    this.lastRecord.emptyLines = emptyLines;
    return super.push({ line: lines, record: record as string[] } satisfies ParsedRecord);
  }
}

/** The parser as an object stream of records. */
type RecordStream = Omit<NodeJS.ReadableStream, "read"> & { read(): ParsedRecord | null };

/** A record as the parser hands it over, with the line it ends on. */
interface ParsedRecord {
  line: number;
  record: string[];
}

/**
 * The parser's records, as many as are ready at a time (up to ROWS_PER_BATCH): an object stream's
 * own async iterator costs a promise per record.
 */
async function* batchesOf(stream: RecordStream): AsyncGenerator<ParsedRecord[], void, undefined> {
  let ended = false;
  let failure: unknown = null;
  let wake: (() => void) | null = null;
  const signal = () => {
    const waiting = wake;
    wake = null;
    waiting?.();
  };
  const onEnd = () => {
    ended = true;
    signal();
  };
  const onError = (error: unknown) => {
    failure = error;
    signal();
  };
  stream.on("readable", signal);
  stream.on("end", onEnd);
  stream.on("close", onEnd);
  stream.on("error", onError);
  try {
    for (;;) {
      const batch: ParsedRecord[] = [];
      for (let record = stream.read(); record !== null; record = batch.length < ROWS_PER_BATCH ? stream.read() : null) batch.push(record);
      if (batch.length > 0) {
        yield batch;
        continue;
      }
      if (failure) throw failure;
      if (ended) return;
      await new Promise<void>((resolve) => (wake = resolve));
    }
  } finally {
    stream.off("readable", signal);
    stream.off("end", onEnd);
    stream.off("close", onEnd);
    stream.off("error", onError);
  }
}

/** Characters one record may hold (a trade-flow or price row is well under 1,000). */
const MAX_RECORD_CHARACTERS = 65_536;

/** A syntax error of csv-parse as a problem of the file, on the line to look at. */
function syntaxProblem(error: CsvError, lastRecord: { lines: number; emptyLines: number }): ImportProblem {
  // The record in error begins on the line after the last complete one, past any blank lines skipped since.
  const recordStart = lastRecord.lines + 1 + Math.max(0, Number(error.empty_lines ?? 0) - lastRecord.emptyLines);
  const line = Number(error.lines ?? recordStart) || recordStart;
  switch (error.code) {
    case "CSV_QUOTE_NOT_CLOSED":
      return { line: recordStart, column: null, message: `a quoted value opened on line ${recordStart} is never closed (the file ends inside the quotes)` };
    case "CSV_MAX_RECORD_SIZE":
      return { line: recordStart, column: null, message: `the row beginning on line ${recordStart} is longer than ${MAX_RECORD_CHARACTERS} characters (a quote not closed?)` };
    case "CSV_INVALID_CLOSING_QUOTE":
      return { line, column: null, message: 'a quoted value is followed by other characters before the separator (write a quote inside quotes as "")' };
    case "INVALID_OPENING_QUOTE":
      return { line, column: null, message: 'a quote in the middle of an unquoted value (quote the whole value, and write a quote inside it as "")' };
    default:
      return { line, column: null, message: `not readable as CSV: ${error.message}` };
  }
}

function headerOf(header: readonly string[], columns: readonly ColumnSpec[]): Header {
  const byName = new Map<string, string>();
  for (const column of columns) for (const name of [column.name, ...column.aliases]) byName.set(foldName(name), column.name);
  const problems: ImportProblem[] = [];
  const names = header.map((raw) => {
    const name = byName.get(foldName(raw));
    if (!name) problems.push({ line: 1, column: raw, message: `unknown column "${raw}"; the columns are ${columns.map((column) => column.name).join(", ")}` });
    return name ?? null;
  });
  for (const column of columns) {
    const count = names.filter((name) => name === column.name).length;
    if (column.required && count === 0) problems.push({ line: 1, column: column.name, message: `the required column ${column.name} is missing` });
    if (count > 1) problems.push({ line: 1, column: column.name, message: `the column ${column.name} appears ${count} times` });
  }
  if (problems.length > 0) throw new ImportRejected(problems);
  const indexOf = new Map<string, number>();
  names.forEach((name, index) => {
    if (name) indexOf.set(name, index);
  });
  return { names, indexOf };
}

/** A file refused, with every problem found (up to a limit), by line. Nothing of it was written. */
export class ImportRejected extends Error {
  constructor(
    readonly problems: ImportProblem[],
    /** BAD_USER_INPUT for a file wrong in itself; CONFLICT for rows recorded already with other values. */
    readonly code: typeof ErrorCode.BAD_USER_INPUT | typeof ErrorCode.CONFLICT = ErrorCode.BAD_USER_INPUT,
  ) {
    super(`The file was not imported: ${problems.length} problem(s), e.g. line ${problems[0]?.line}${problems[0]?.column ? ` (${problems[0].column})` : ""}: ${problems[0]?.message}`);
    this.name = "ImportRejected";
  }
}

/** Whole đồng with thousands separators; null when it is not one. */
export function parseWholeVnd(value: string): string | null {
  const compact = value.replace(/[\s\u00a0]/g, "");
  if (/^\d+$/.test(compact)) return compact.replace(/^0+(?=\d)/, "");
  // Groups of three after the first: "118.500", "1,250,000", "1.250.000".
  if (/^\d{1,3}([.,]\d{3})+$/.test(compact) && !(/\./.test(compact) && /,/.test(compact))) return compact.replace(/[.,]/g, "");
  return null;
}

/** A decimal quantity: "12,5" or "12.5" (one decimal mark, either; no thousands separators). */
export function parseQuantity(value: string): number | null {
  const compact = value.replace(/[\s\u00a0]/g, "");
  if (/^\d+([.,]\d+)?$/.test(compact)) return Number(compact.replace(",", "."));
  return null;
}

/** A day as YYYY-MM-DD, from that or DD/MM/YYYY (DD-MM-YYYY); null when it is not a real day. */
export function parseDay(value: string): string | null {
  let match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  let [year, month, day] = match ? [match[1], match[2], match[3]] : [undefined, undefined, undefined];
  if (!match) {
    match = /^(\d{1,2})[/-](\d{1,2})[/-](\d{4})$/.exec(value);
    if (!match) return null;
    [day, month, year] = [match[1]!.padStart(2, "0"), match[2]!.padStart(2, "0"), match[3]];
  }
  const iso = `${year}-${month}-${day}`;
  const parsed = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === iso ? iso : null;
}

/** A month as YYYY-MM, from that or MM/YYYY; null otherwise. */
export function parseMonth(value: string): string | null {
  let match = /^(\d{4})-(\d{2})$/.exec(value);
  if (match) return Number(match[2]) >= 1 && Number(match[2]) <= 12 ? value : null;
  match = /^(\d{1,2})[/-](\d{4})$/.exec(value);
  if (!match || Number(match[1]) < 1 || Number(match[1]) > 12) return null;
  return `${match[2]}-${match[1]!.padStart(2, "0")}`;
}

/**
 * A parser of short texts that remembers its answers (up to `limit` distinct texts, then starts
 * afresh): a file repeats its days, months and price types on thousands of lines, and folding a
 * name or building a date costs far more than a lookup.
 */
export function remembered<T>(parseText: (value: string) => T, limit = 4_096): (value: string) => T {
  let answers = new Map<string, T>();
  return (value) => {
    if (answers.has(value)) return answers.get(value) as T;
    if (answers.size >= limit) answers = new Map();
    const answer = parseText(value);
    answers.set(value, answer);
    return answer;
  };
}

/** Matches a value against names, ignoring case and diacritics ("Bán buôn" = "ban buon" = WHOLESALE). */
export function matchName<T extends string>(value: string, names: Record<T, readonly string[]>): T | null {
  const folded = foldName(value);
  for (const [key, options] of Object.entries(names) as [T, readonly string[]][]) {
    if (foldName(key) === folded || options.some((option) => foldName(option) === folded)) return key;
  }
  return null;
}

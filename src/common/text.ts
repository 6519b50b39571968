/**
 * Vietnamese text for search and sorting. Both are computed in the application and stored beside
 * the name, because the embedded database (PGlite) has neither ICU collations nor a guaranteed
 * `unaccent` dictionary: one code path gives the same answers on PGlite and on a server.
 */

/**
 * The bounds of a search (every `search` filter). Each word becomes a `like '%word%'` condition, so
 * the words are what a search costs: 100,000 of them once held a request for 52 seconds. Real
 * searches are a few words of a name; the longest official names are well under 200 characters.
 */
export const SEARCH_MAX_WORDS = 20;
export const SEARCH_MAX_CHARACTERS = 200;

/** Why a search is refused (too long, too many words), or null when it is within the bounds. */
export function searchProblem(search: string): string | null {
  // The length first, so counting words never reads more than SEARCH_MAX_CHARACTERS.
  if (search.length > SEARCH_MAX_CHARACTERS) return `a search holds at most ${SEARCH_MAX_CHARACTERS} characters (got ${search.length})`;
  const words = search.split(/\s+/).filter((word) => word.length > 0).length;
  if (words > SEARCH_MAX_WORDS) return `a search holds at most ${SEARCH_MAX_WORDS} words (got ${words})`;
  return null;
}

/**
 * Folds a name for search: NFC-normalised, diacritics removed (đ → d), lower case, spaces collapsed.
 * Every step is a single pass over the text (no pattern backtracks), so the time is linear in its length.
 */
export function foldForSearch(text: string): string {
  return text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/đ/g, "d")
    .replace(/Đ/g, "D")
    .toLowerCase()
    .replace(/\s+/g, " ")
    .trim();
}

/**
 * The Vietnamese alphabet in dictionary order. Letters with a breve, circumflex or horn are letters
 * of their own (a < ă < â), while the five tone marks only break ties between otherwise equal words.
 */
const ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz";
const TONE_ORDER = ["", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323"]; // ngang, huyền, hỏi, ngã, sắc, nặng
const TONE_MARKS = new Set(TONE_ORDER.slice(1));

/** Symbol values 0…675 written as two lower-case letters, so every collation orders them alike. */
function symbol(value: number): string {
  const letters = "abcdefghijklmnopqrstuvwxyz";
  return letters[Math.floor(value / 26)]! + letters[value % 26]!;
}

const SEPARATOR = symbol(0); // ends the letters, below everything so "an" < "an b" < "anh"
const SPACE = symbol(1);
const DIGIT_BASE = 2; // digits 0-9 take 2…11 and sort before letters
const LETTER_BASE = 12;

/**
 * A key whose order is Vietnamese dictionary order: letters first (by the Vietnamese alphabet),
 * then tones as a tie-break. It is made only of lower-case ASCII letters, so it sorts the same
 * under the server's collation, PGlite's "C", or any other; queries break remaining ties by id.
 */
export function vietnameseSortKey(text: string): string {
  const letters: string[] = [];
  const tones: string[] = [];
  for (const char of text.normalize("NFC").toLowerCase()) {
    const decomposed = char.normalize("NFD");
    let tone = "";
    let modifier = "";
    for (const mark of decomposed.slice(1)) {
      if (TONE_MARKS.has(mark)) tone = mark;
      else modifier += mark;
    }
    const base = ((decomposed[0] ?? char) + modifier).normalize("NFC");
    const position = ALPHABET.indexOf(base);
    if (position >= 0) {
      letters.push(symbol(LETTER_BASE + position));
      tones.push(symbol(TONE_ORDER.indexOf(tone)));
    } else if (/[0-9]/.test(base)) {
      letters.push(symbol(DIGIT_BASE + Number(base)));
    } else if (/\s/.test(base) && letters.at(-1) !== SPACE && letters.length > 0) {
      letters.push(SPACE);
    }
    // Punctuation is ignored for ordering, as dictionaries do.
  }
  if (letters.at(-1) === SPACE) letters.pop();
  return `${letters.join("")}${SEPARATOR}${tones.join("")}`;
}

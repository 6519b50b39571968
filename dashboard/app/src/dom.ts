/** Building the page with plain DOM calls: no framework, and text is always text (never HTML). */
type Child = Node | string | number | null | undefined | false;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Record<string, string | undefined> = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) if (value !== undefined) element.setAttribute(name, value);
  for (const child of children) if (child !== null && child !== undefined && child !== false) element.append(typeof child === "number" ? String(child) : child);
  return element;
}

/** A table with a header row; each row is a list of cells (a cell may be an element, e.g. "withheld"). */
export function table(id: string, headers: string[], rows: Child[][], empty: string): HTMLElement {
  if (rows.length === 0) return h("p", { id, class: "empty" }, empty);
  return h(
    "table",
    { id },
    h("thead", {}, h("tr", {}, ...headers.map((header) => h("th", { scope: "col" }, header)))),
    h("tbody", {}, ...rows.map((row) => h("tr", {}, ...row.map((cell) => (cell instanceof HTMLTableCellElement ? cell : h("td", {}, cell)))))),
  );
}

/** Building the page with plain DOM calls: no framework, and text is always text (never HTML). */
type Child = Node | string | number | null | undefined | false;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Record<string, string | undefined> = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) if (value !== undefined) element.setAttribute(name, value);
  for (const child of children) if (child !== null && child !== undefined && child !== false) element.append(typeof child === "number" ? String(child) : child);
  return element;
}

/** How a long table is cut: the rows shown at first, and the words of its "more" button. */
export interface Paging {
  limit: number;
  more: (hidden: number) => string;
  less: string;
  shown: (shown: number, total: number) => string;
}

/**
 * A table with a header row; each row is a list of cells (a cell may be an element, e.g.
 * "withheld"). With `paging`, rows past the limit are in the table but hidden until "more" is
 * pressed (a live update re-renders them in place).
 */
export function table(id: string, headers: string[], rows: Child[][], empty: string, paging?: Paging): HTMLElement {
  if (rows.length === 0) return h("p", { id, class: "empty" }, empty);
  // Each cell carries its column's name: on a phone a row is a card of "name: value" lines.
  const bodyRows = rows.map((row) =>
    h(
      "tr",
      {},
      ...row.map((cell, index) => {
        const td = cell instanceof HTMLTableCellElement ? cell : h("td", {}, cell);
        td.dataset.label = headers[index] ?? "";
        return td;
      }),
    ),
  );
  const element = h("table", { id }, h("thead", {}, h("tr", {}, ...headers.map((header) => h("th", { scope: "col" }, header)))), h("tbody", {}, ...bodyRows));
  const wrapped = h("div", { class: "table-scroll" }, element);
  if (!paging || rows.length <= paging.limit) return wrapped;
  const status = h("span", { class: "rows-shown" });
  const button = h("button", { type: "button", class: "more", "aria-controls": id, "aria-expanded": "false" });
  const show = (all: boolean) => {
    bodyRows.forEach((row, index) => (row.hidden = !all && index >= paging.limit));
    button.setAttribute("aria-expanded", String(all));
    button.textContent = all ? paging.less : paging.more(rows.length - paging.limit);
    status.textContent = paging.shown(all ? rows.length : paging.limit, rows.length);
  };
  button.addEventListener("click", () => show(button.getAttribute("aria-expanded") !== "true"));
  show(false);
  return h("div", {}, wrapped, h("p", { class: "paging" }, status, " ", button));
}

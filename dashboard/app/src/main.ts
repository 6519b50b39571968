/**
 * The agencies' dashboard: prices, trade balance, technology levels and training links for one
 * province, live. It signs in with a bearer token (kept for the browser tab only), talks to the
 * hub that serves it, and shows withheld fields as withheld, with the reason.
 */
import "./style.css";
import { DashboardPriceAddedDocument, DashboardTrainingChangedDocument, DashboardViewerDocument, type DashboardViewerQuery } from "../../gql/graphql.js";
import { h } from "./dom.js";
import { type View, viewOf } from "./format.js";
import { failures, Hub, type HubResult } from "./hub.js";
import type { Language } from "./i18n.js";
import { type Filters, lastTwelveMonths } from "./panels/filters.js";
import { loadPrices, renderPrices } from "./panels/prices.js";
import { loadTechnology, renderTechnology } from "./panels/technology.js";
import { loadTrade, renderTrade } from "./panels/trade.js";
import { loadTraining, renderTraining } from "./panels/training.js";

const TOKEN_KEY = "regional-data-hub.token";
const LANGUAGE_KEY = "regional-data-hub.language";

/** The Central Highlands provinces of today, the programme's partners of HCMC. */
const PARTNER_PROVINCES = ["VN-33", "VN-30", "VN-35", "VN-29"];

declare global {
  interface Window {
    /** Milliseconds from navigation to every panel's first render (read by the browser tests). */
    dashboardReadyAfter?: number;
  }
}

interface Panel<T> {
  host: HTMLElement;
  load: () => Promise<HubResult<T>>;
  render: (result: HubResult<T>) => void;
  last?: HubResult<T>;
  /** A reload asked for while one runs: run once more after it (events never coalesce into a stale view). */
  again?: boolean;
  running?: Promise<void>;
}

let language: Language = (sessionStorage.getItem(LANGUAGE_KEY) as Language | null) ?? "vi";
let view: View = viewOf(language);
let token = sessionStorage.getItem(TOKEN_KEY);
let hub = Hub.sameOrigin(token);
let viewer: HubResult<DashboardViewerQuery> | null = null;
const filters: Filters = { province: "VN-33", commodity: "COFFEE_ROBUSTA", ...lastTwelveMonths(new Date()) };
const unitNames = new Map<string, string>();
let unsubscribe: (() => void)[] = [];

const root = document.getElementById("app")!;
const header = h("header", {});
const controls = h("section", { class: "controls" });
const liveStatus = h("p", { id: "live-status", "data-state": "connecting" });
const panels = {
  prices: panel("prices-panel", () => loadPrices(hub, filters), (result, host) => renderPrices(host, view, filters, result)),
  trade: panel("trade-panel", () => loadTrade(hub, filters), (result, host) => renderTrade(host, view, filters, result)),
  technology: panel("technology-panel", () => loadTechnology(hub), (result, host) => renderTechnology(host, view, unitNames, result)),
  training: panel("training-panel", () => loadTraining(hub, filters), (result, host) => renderTraining(host, view, result)),
};
/** The panels alike, whatever each one's data (each is typed by its own operation). */
const allPanels = () => Object.values(panels) as unknown as Panel<unknown>[];
root.replaceChildren(header, controls, liveStatus, h("main", {}, ...allPanels().map((one) => one.host)));

function panel<T>(id: string, load: () => Promise<HubResult<T>>, render: (result: HubResult<T>, host: HTMLElement) => void): Panel<T> {
  const host = h("section", { id, class: "panel", "aria-busy": "true" }, view.words.loading);
  const self: Panel<T> = {
    host,
    load,
    render: (result) => {
      render(result, host);
      const broken = failures(result.errors);
      if (broken.length > 0) host.append(h("p", { class: "error", role: "alert" }, `${view.words.error}: ${broken.map((error) => error.message).join("; ")}`));
      host.setAttribute("aria-busy", "false");
    },
  };
  return self;
}

function reload<T>(target: Panel<T>): Promise<void> {
  if (target.running) {
    target.again = true;
    return target.running;
  }
  target.running = (async () => {
    do {
      target.again = false;
      try {
        target.last = await target.load();
      } catch (error) {
        target.last = { data: null, errors: [{ message: error instanceof Error ? error.message : String(error) }] };
      }
      target.render(target.last);
    } while (target.again);
    target.running = undefined;
  })();
  return target.running;
}

function renderHeader(): void {
  const who = viewer?.data?.viewer;
  const signedIn = who && who.kind !== "ANONYMOUS" ? `${view.words.signedInAs} ${who.kind}${who.provinceCode ? ` · ${unitNames.get(who.provinceCode) ?? who.provinceCode}` : ""}${who.agencyCode ? ` · ${who.agencyCode}` : ""}` : view.words.anonymous;
  const tokenInput = h("input", { id: "token", type: "password", autocomplete: "off", "aria-label": view.words.token, placeholder: view.words.token });
  const form = h("form", { id: "sign-in" }, tokenInput, h("button", { type: "submit" }, view.words.signIn));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    signIn(tokenInput.value.trim() || null);
  });
  const signOut = h("button", { id: "sign-out", type: "button" }, view.words.signOut);
  signOut.addEventListener("click", () => signIn(null));
  const languages = h(
    "nav",
    { class: "languages" },
    ...(["vi", "en"] as const).map((code) => {
      const button = h("button", { type: "button", lang: code, "aria-pressed": String(code === language), id: `language-${code}` }, code === "vi" ? "Tiếng Việt" : "English");
      button.addEventListener("click", () => setLanguage(code));
      return button;
    }),
  );
  header.replaceChildren(h("h1", {}, view.words.title), h("p", { class: "subtitle" }, view.words.subtitle), languages, h("p", { id: "viewer" }, signedIn), token ? signOut : form);
}

function renderControls(): void {
  const provinceSelect = h("select", { id: "province" }, ...PARTNER_PROVINCES.map((code) => h("option", { value: code }, unitNames.get(code) ?? code)));
  provinceSelect.value = filters.province;
  provinceSelect.addEventListener("change", () => {
    filters.province = provinceSelect.value;
    subscribe();
    void refreshAll();
  });
  const commodities = viewer?.data?.commodities.nodes ?? [];
  const commoditySelect = h("select", { id: "commodity" }, ...commodities.map((one) => h("option", { value: one.code }, language === "vi" ? one.name : one.nameEn)));
  commoditySelect.value = filters.commodity;
  commoditySelect.addEventListener("change", () => {
    filters.commodity = commoditySelect.value;
    subscribe();
    void reload(panels.prices);
  });
  controls.replaceChildren(h("label", {}, view.words.province, " ", provinceSelect), h("label", {}, view.words.commodity, " ", commoditySelect));
}

function setLanguage(next: Language): void {
  language = next;
  sessionStorage.setItem(LANGUAGE_KEY, next);
  document.documentElement.lang = next;
  view = viewOf(next);
  renderHeader();
  renderControls();
  renderLiveStatus(liveStatus.dataset.state as "connecting" | "live" | "offline");
  // Re-rendered from what was loaded: a language change asks the hub nothing.
  for (const one of allPanels()) if (one.last) one.render(one.last);
}

function renderLiveStatus(state: "connecting" | "live" | "offline", eventAt?: string): void {
  liveStatus.dataset.state = state;
  const label = state === "live" ? view.words.live : state === "offline" ? view.words.offline : view.words.connecting;
  const last = eventAt ?? liveStatus.dataset.lastEvent;
  if (eventAt) liveStatus.dataset.lastEvent = eventAt;
  liveStatus.textContent = last ? `● ${label} · ${view.words.lastEvent}: ${new Date(last).toLocaleTimeString(view.language === "vi" ? "vi-VN" : "en-GB")}` : `● ${label}`;
}

function signIn(next: string | null): void {
  for (const stop of unsubscribe) stop();
  unsubscribe = [];
  hub.close();
  token = next;
  if (next) sessionStorage.setItem(TOKEN_KEY, next);
  else sessionStorage.removeItem(TOKEN_KEY);
  hub = Hub.sameOrigin(token);
  void start();
}

/** Each event tells its panel to reload: aggregates (min/avg/max) are the hub's to compute, under the caller's rights. */
function subscribe(): void {
  for (const stop of unsubscribe) stop();
  // Resumed after the position read before the panels loaded: an event that commits meanwhile
  // still reloads its panel. (A gap, after a long disconnection, reloads it too.)
  const after = viewer?.data?.latestEventPosition ?? null;
  unsubscribe = [
    hub.subscribe(DashboardPriceAddedDocument, { commodity: filters.commodity, after }, (event) => {
      renderLiveStatus("live", event.data?.priceObservationAdded.committedAt ?? undefined);
      void reload(panels.prices);
    }),
    hub.subscribe(DashboardTrainingChangedDocument, { province: filters.province, after }, (event) => {
      renderLiveStatus("live", event.data?.trainingLinkChanged.committedAt ?? undefined);
      void reload(panels.training);
    }),
  ];
}

function refreshAll(): Promise<unknown> {
  return Promise.all(allPanels().map((one) => reload(one)));
}

async function start(): Promise<void> {
  document.documentElement.lang = language;
  viewer = await hub.query(DashboardViewerDocument, {});
  unitNames.clear();
  for (const unit of viewer.data?.units ?? []) unitNames.set(unit.code, language === "vi" ? unit.name : unit.nameEn);
  renderHeader();
  renderControls();
  hub.onConnectionState((state) => renderLiveStatus(state));
  renderLiveStatus("connecting");
  subscribe();
  await refreshAll();
  window.dashboardReadyAfter ??= performance.now();
  // Which caller the panels were loaded for (a sign-in loads them again).
  document.body.dataset.readyFor = viewer.data?.viewer.kind ?? "ERROR";
}

void start();

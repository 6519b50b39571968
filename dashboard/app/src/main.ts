/**
 * The agencies' dashboard: prices, trade balance, technology levels and training links for one
 * province, live. It signs in with a bearer token (kept for the browser tab only), talks to the
 * hub that serves it, and shows withheld fields as withheld, with the reason.
 */
import "./style.css";
import { DashboardPositionDocument, DashboardPriceAddedDocument, DashboardTrainingChangedDocument, DashboardViewerDocument, type DashboardViewerQuery } from "../../gql/graphql.js";
import { h } from "./dom.js";
import { type View, viewOf } from "./format.js";
import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
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
/** Why the hub refused the last token (expired, wrongly signed…): shown at the sign-in form. */
let tokenRejected: string | null = null;
const filters: Filters = { province: "VN-33", commodity: "COFFEE_ROBUSTA", ...lastTwelveMonths(new Date()) };
const unitNames = new Map<string, string>();
let unsubscribe: (() => void)[] = [];

const root = document.getElementById("app")!;
const header = h("header", {});
const controls = h("section", { class: "controls" });
const liveStatus = h("p", { id: "live-status", "data-state": "connecting" });
const panels = {
  prices: panel("prices-panel", () => loadPrices(hub, filters), (result, host) => renderPrices(host, view, filters, result, unitNames)),
  trade: panel("trade-panel", () => loadTrade(hub, filters), (result, host) => renderTrade(host, view, filters, result, unitNames)),
  technology: panel("technology-panel", () => loadTechnology(hub, filters), (result, host) => renderTechnology(host, view, filters, unitNames, result)),
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
    try {
      do {
        target.again = false;
        try {
          target.last = await target.load();
        } catch (error) {
          target.last = { data: null, errors: [{ message: error instanceof Error ? error.message : String(error) }] };
        }
        target.render(target.last);
      } while (target.again);
    } finally {
      target.running = undefined;
    }
  })();
  return target.running;
}

function renderHeader(): void {
  const who = viewer?.data?.viewer;
  const signedIn = who && who.kind !== "ANONYMOUS" ? `${view.words.signedInAs} ${view.words.viewerKinds[who.kind]}${who.provinceCode ? ` · ${unitNames.get(who.provinceCode) ?? who.provinceCode}` : ""}${who.agencyCode ? ` · ${who.agencyCode}` : ""}` : view.words.anonymous;
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
  const rejected = tokenRejected ? h("p", { id: "sign-in-error", role: "alert", class: "error" }, `${view.words.tokenRejected}: ${tokenRejected}`) : null;
  header.replaceChildren(h("h1", {}, view.words.title), h("p", { class: "subtitle" }, view.words.subtitle), languages, h("p", { id: "viewer" }, signedIn), token ? signOut : form, rejected ?? "");
}

function renderControls(): void {
  const provinceSelect = h("select", { id: "province" }, ...PARTNER_PROVINCES.map((code) => h("option", { value: code }, unitNames.get(code) ?? code)));
  provinceSelect.value = filters.province;
  provinceSelect.addEventListener("change", () => {
    filters.province = provinceSelect.value;
    void resume();
  });
  const commodities = viewer?.data?.commodities.nodes ?? [];
  const commoditySelect = h("select", { id: "commodity" }, ...commodities.map((one) => h("option", { value: one.code }, language === "vi" ? one.name : one.nameEn)));
  commoditySelect.value = filters.commodity;
  commoditySelect.addEventListener("change", () => {
    filters.commodity = commoditySelect.value;
    void resume();
  });
  controls.replaceChildren(h("label", {}, view.words.province, " ", provinceSelect), h("label", {}, view.words.commodity, " ", commoditySelect));
}

/** Province names in the chosen language (the hub has both). */
function nameUnits(): void {
  unitNames.clear();
  for (const unit of viewer?.data?.units ?? []) unitNames.set(unit.code, language === "vi" ? unit.name : unit.nameEn);
}

function setLanguage(next: Language): void {
  language = next;
  nameUnits();
  sessionStorage.setItem(LANGUAGE_KEY, next);
  document.documentElement.lang = next;
  view = viewOf(next);
  renderHeader();
  renderControls();
  renderLiveStatus(liveStatus.dataset.state as LiveState);
  // Re-rendered from what was loaded: a language change asks the hub nothing.
  for (const one of allPanels()) if (one.last) one.render(one.last);
}

type LiveState = "connecting" | "live" | "offline" | "error";

function renderLiveStatus(state: LiveState, eventAt?: string, problem?: string): void {
  liveStatus.dataset.state = state;
  if (problem) liveStatus.dataset.problem = problem;
  else if (state === "live") delete liveStatus.dataset.problem;
  const label = { live: view.words.live, offline: view.words.offline, connecting: view.words.connecting, error: view.words.liveError }[state];
  const last = eventAt ?? liveStatus.dataset.lastEvent;
  if (eventAt) liveStatus.dataset.lastEvent = eventAt;
  const when = last ? ` · ${view.words.lastEvent}: ${new Date(last).toLocaleTimeString(view.language === "vi" ? "vi-VN" : "en-GB")}` : "";
  const why = state === "error" && liveStatus.dataset.problem ? ` (${liveStatus.dataset.problem})` : "";
  liveStatus.textContent = `● ${label}${why}${when}`;
}

function signIn(next: string | null, rejection: string | null = null): void {
  tokenRejected = rejection;
  for (const stop of unsubscribe) stop();
  unsubscribe = [];
  hub.close();
  token = next;
  if (next) sessionStorage.setItem(TOKEN_KEY, next);
  else sessionStorage.removeItem(TOKEN_KEY);
  hub = Hub.sameOrigin(token);
  void start();
}

/** A subscription ended by the hub is taken again this many times in a row before the page gives up and says so. */
const RESUBSCRIBE_ATTEMPTS = 3;

/**
 * Each event tells its panel to reload: aggregates (min/avg/max) are the hub's to compute, under
 * the caller's rights. Both subscriptions resume `after` the position read before the panels
 * loaded, and move it on with each event, so a reconnection replays only what it missed.
 */
function subscribe(after: string | null): void {
  for (const stop of unsubscribe) stop();
  unsubscribe = [
    follow(DashboardPriceAddedDocument, { commodity: filters.commodity, after }, (data) => data.priceObservationAdded, panels.prices),
    follow(DashboardTrainingChangedDocument, { province: filters.province, after }, (data) => data.trainingLinkChanged, panels.training),
  ];
}

/** Subscriptions the hub ended in a row, across resubscriptions (an event resets it). */
let endedInARow = 0;

/** One subscription: each event moves its `after` on and reloads `target`; an end is reported and, a few times, resumed. */
function follow<Result, Variables, PanelData>(
  document: TypedDocumentNode<Result, Variables>,
  variables: Variables & { after?: string | null },
  eventOf: (data: Result) => { position?: string | null; committedAt?: string | null },
  target: Panel<PanelData>,
): () => void {
  return hub.subscribe(
    document,
    variables,
    (event) => {
      endedInARow = 0;
      const happened = event.data ? eventOf(event.data) : undefined;
      // graphql-ws subscribes again with this same object after a dropped connection.
      variables.after = happened?.position ?? variables.after;
      renderLiveStatus("live", happened?.committedAt ?? undefined);
      void reload(target);
    },
    (errors) => {
      if (errors.length === 0) return;
      renderLiveStatus("error", undefined, errors.map((error) => error.message).join("; "));
      endedInARow += 1;
      // Too far behind (a gap), or a hiccup: read where the hub stands, reload, subscribe from there.
      if (endedInARow <= RESUBSCRIBE_ATTEMPTS) void resume();
    },
  );
}

/** New filters, or a subscription to take again: subscribe from where the hub stands now, then reload. */
async function resume(): Promise<void> {
  const position = await hub.query(DashboardPositionDocument, {});
  subscribe(position.data?.latestEventPosition ?? null);
  await refreshAll();
}

function refreshAll(): Promise<unknown> {
  return Promise.all(allPanels().map((one) => reload(one)));
}

async function start(): Promise<void> {
  document.documentElement.lang = language;
  viewer = await hub.query(DashboardViewerDocument, {});
  const refusal = viewer.errors.find((error) => error.extensions?.code === "UNAUTHENTICATED");
  if (refusal && token) {
    // A token the hub refuses is dropped, and the page carries on with public data, saying why.
    signIn(null, refusal.message);
    return;
  }
  nameUnits();
  renderHeader();
  renderControls();
  hub.onConnectionState((state) => renderLiveStatus(state));
  renderLiveStatus("connecting");
  subscribe(viewer.data?.latestEventPosition ?? null);
  await refreshAll();
  window.dashboardReadyAfter ??= performance.now();
  // Which caller the panels were loaded for (a sign-in loads them again).
  document.body.dataset.readyFor = viewer.data?.viewer.kind ?? "ERROR";
}

void start();

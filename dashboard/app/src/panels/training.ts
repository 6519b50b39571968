import { DashboardTrainingDocument, type DashboardTrainingQuery } from "../../../gql/graphql.js";
import { h, table } from "../dom.js";
import { pagingOf, type View, withheldCell } from "../format.js";
import { type Hub, type HubResult, withheldFields } from "../hub.js";
import type { Filters } from "./filters.js";

export type TrainingData = HubResult<DashboardTrainingQuery>;

export function loadTraining(hub: Hub, filters: Filters): Promise<TrainingData> {
  return hub.query(DashboardTrainingDocument, { province: filters.province });
}

/** The province's training links with their outcomes; budgets are RESTRICTED and shown as withheld where the caller may not read them. */
export function renderTraining(host: HTMLElement, view: View, result: TrainingData): void {
  const links = result.data?.trainingLinks.nodes ?? [];
  const withheld = withheldFields(result.errors);
  const rows = links.map((link, index) => {
    const budgetError = withheld.get(`trainingLinks.nodes.${index}.budgetVnd`);
    const participantsError = withheld.get(`trainingLinks.nodes.${index}.participantCount`);
    return [
      h("td", { "data-link": link.code }, link.title),
      link.institution?.name ?? "",
      `${view.date(link.periodFrom)} – ${link.periodTo ? view.date(link.periodTo) : "…"}`,
      h("td", { "data-status": link.status }, view.words.statuses[link.status]),
      participantsError ? withheldCell(view, participantsError) : (link.participantCount ?? ""),
      budgetError ? withheldCell(view, budgetError) : view.amount(link.budgetVnd),
      link.outcomes.map((outcome) => `${view.words.outcomeKinds[outcome.kind]}: ${view.amount(outcome.value)}`).join("; "),
    ];
  });
  host.replaceChildren(
    h("h2", {}, view.words.training, ` (${result.data?.trainingLinks.totalCount ?? 0})`),
    table("training-table", [view.words.link, view.words.institution, view.words.period, view.words.status, view.words.participants, view.words.budget, view.words.outcomes], rows, view.words.noData, pagingOf(view)),
  );
}

import { defineLoader, groupByKeys } from "../common/loaders.js";
import { readRows } from "../common/read-model.js";
import { defineKeyLoader, keysParameter, visibleRowsOf } from "../common/visible-rows.js";
import { Institution, Programme, TrainingLink, TrainingOutcome, TrainingParticipant } from "./training.models.js";

/** Batched lookups of training records by primary key; other domains may use them through index.ts. */
export const institutionById = defineKeyLoader<Institution, number>("training:institutionById", Institution, "id");
export const programmeById = defineKeyLoader<Programme, number>("training:programmeById", Programme, "id");
export const trainingLinkById = defineKeyLoader<TrainingLink, number>("training:trainingLinkById", TrainingLink, "id");
export const trainingParticipantById = defineKeyLoader<TrainingParticipant, number>(
  "training:trainingParticipantById",
  TrainingParticipant,
  "id",
);
export const trainingOutcomeById = defineKeyLoader<TrainingOutcome, number>("training:trainingOutcomeById", TrainingOutcome, "id");

/** Every link's roster in one statement, in Vietnamese order of names. */
export const participantsByLink = defineLoader<number, TrainingParticipant[]>("training:participantsByLink", async (context, linkIds) => {
  const links = keysParameter(linkIds);
  const query = visibleRowsOf(context, TrainingParticipant, "tp")
    .andWhere(`tp.link_id = any(?::${links.type}[])`, [links.literal])
    .orderBy({ sortName: "asc", id: "asc" });
  const rows = await readRows(context, query, TrainingParticipant, ["linkId"]);
  return groupByKeys(linkIds, rows, (row) => row.linkId);
});

/** Every link's outcomes in one statement, oldest first. */
export const outcomesByLink = defineLoader<number, TrainingOutcome[]>("training:outcomesByLink", async (context, linkIds) => {
  const links = keysParameter(linkIds);
  const query = visibleRowsOf(context, TrainingOutcome, "o")
    .andWhere(`o.link_id = any(?::${links.type}[])`, [links.literal])
    .orderBy({ recordedOn: "asc", kind: "asc", id: "asc" });
  const rows = await readRows(context, query, TrainingOutcome, ["linkId"]);
  return groupByKeys(linkIds, rows, (row) => row.linkId);
});

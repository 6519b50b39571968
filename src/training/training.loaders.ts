import { defineLoader, groupByKeys } from "../common/loaders.js";
import { defineKeyLoader, visibleRows } from "../common/visible-rows.js";
import { Institution } from "./institution.entity.js";
import { Programme } from "./programme.entity.js";
import { TrainingLink } from "./training-link.entity.js";
import { TrainingOutcome } from "./training-outcome.entity.js";
import { TrainingParticipant } from "./training-participant.entity.js";

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
  const rows = await visibleRows(context, TrainingParticipant, "tp")
    .andWhere({ link: { $in: [...linkIds] } })
    .orderBy({ sortName: "asc", id: "asc" })
    .getResultList();
  return groupByKeys(linkIds, rows, (row) => row.link.id);
});

/** Every link's outcomes in one statement, oldest first. */
export const outcomesByLink = defineLoader<number, TrainingOutcome[]>("training:outcomesByLink", async (context, linkIds) => {
  const rows = await visibleRows(context, TrainingOutcome, "o")
    .andWhere({ link: { $in: [...linkIds] } })
    .orderBy({ recordedOn: "asc", kind: "asc", id: "asc" })
    .getResultList();
  return groupByKeys(linkIds, rows, (row) => row.link.id);
});

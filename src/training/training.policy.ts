import { registerRowRule } from "../common/visibility.js";
import { TrainingParticipantEntity } from "./training-participant.entity.js";

/**
 * Every field of a roster entry is CONFIDENTIAL personal data (Decree 13/2023/ND-CP, Law
 * 91/2025/QH15), so the entry itself exists only for the agencies of the link's owning provinces:
 * for anyone else `node(id)` of a participant answers as for a missing id.
 */
registerRowRule(TrainingParticipantEntity, (policy, alias) => policy.ownedBy(alias));

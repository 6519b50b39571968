import { registerNumericNodeType } from "../common/node.js";
import type { DomainModule } from "../domain.js";
import { Institution, InstitutionKind } from "./institution.entity.js";
import { Programme, ProgrammeLevel } from "./programme.entity.js";
import { TrainingLink, TrainingLinkKind, TrainingLinkStatus, trainingLinkOwners } from "./training-link.entity.js";
import { TrainingOutcome, TrainingOutcomeKind } from "./training-outcome.entity.js";
import { TrainingParticipant } from "./training-participant.entity.js";
import { institutionById, programmeById, trainingLinkById, trainingOutcomeById, trainingParticipantById } from "./training.loaders.js";
import "./training.policy.js";
import { TrainingLinkSubscriptionResolver } from "./training.subscription.js";
import {
  AdministrativeUnitTrainingResolver,
  InstitutionResolver,
  ProgrammeResolver,
  TrainingLinkResolver,
  TrainingOutcomeResolver,
  TrainingOutcomeTotalResolver,
  TrainingParticipantResolver,
  TrainingQueryResolver,
} from "./training.resolver.js";

registerNumericNodeType("Institution", (context, id) => institutionById(context).load(id));
registerNumericNodeType("Programme", (context, id) => programmeById(context).load(id));
registerNumericNodeType("TrainingLink", (context, id) => trainingLinkById(context).load(id));
registerNumericNodeType("TrainingParticipant", (context, id) => trainingParticipantById(context).load(id));
registerNumericNodeType("TrainingOutcome", (context, id) => trainingOutcomeById(context).load(id));

export const trainingDomain: DomainModule = {
  name: "training",
  entities: [Institution, Programme, TrainingLink, TrainingParticipant, TrainingOutcome],
  resolvers: [
    TrainingQueryResolver,
    TrainingLinkSubscriptionResolver,
    InstitutionResolver,
    ProgrammeResolver,
    TrainingLinkResolver,
    TrainingParticipantResolver,
    TrainingOutcomeResolver,
    TrainingOutcomeTotalResolver,
    AdministrativeUnitTrainingResolver,
  ],
};

export { Institution, InstitutionKind, Programme, ProgrammeLevel, TrainingLink, TrainingLinkKind, TrainingLinkStatus, TrainingOutcome, TrainingOutcomeKind, TrainingParticipant };
export { trainingLinkOwners };
export { institutionById, programmeById, trainingLinkById } from "./training.loaders.js";

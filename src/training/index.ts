import { registerNumericNodeType } from "../common/node.js";
import { defineReadModel } from "../common/read-model.js";
import type { DomainModule } from "../domain.js";
import { InstitutionEntity, InstitutionKind } from "./institution.entity.js";
import { ProgrammeEntity, ProgrammeLevel } from "./programme.entity.js";
import { TrainingLinkEntity, TrainingLinkKind, TrainingLinkStatus, trainingLinkOwners } from "./training-link.entity.js";
import { TrainingOutcomeEntity, TrainingOutcomeKind } from "./training-outcome.entity.js";
import { TrainingParticipantEntity } from "./training-participant.entity.js";
import { Institution, Programme, TrainingLink, TrainingOutcome, TrainingParticipant } from "./training.models.js";
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

// Read by selection (src/common/read-model.ts): what each type's resolvers read of its row.
defineReadModel(Institution, InstitutionEntity, { resolved: { id: [], province: ["provinceCode"], managingAgency: ["managingAgencyId"], programmes: [], links: [] } });
defineReadModel(Programme, ProgrammeEntity, { resolved: { id: [], institution: ["institutionId"], links: [] } });
defineReadModel(TrainingLink, TrainingLinkEntity, {
  resolved: { id: [], institution: ["institutionId"], programme: ["programmeId"], partnerProvince: ["partnerProvinceCode"], participants: [], outcomes: [] },
});
defineReadModel(TrainingParticipant, TrainingParticipantEntity, { resolved: { id: [], link: ["linkId"] } });
defineReadModel(TrainingOutcome, TrainingOutcomeEntity, { resolved: { id: [], link: ["linkId"] } });

registerNumericNodeType("Institution", (context, id) => institutionById(context).load(id));
registerNumericNodeType("Programme", (context, id) => programmeById(context).load(id));
registerNumericNodeType("TrainingLink", (context, id) => trainingLinkById(context).load(id));
registerNumericNodeType("TrainingParticipant", (context, id) => trainingParticipantById(context).load(id));
registerNumericNodeType("TrainingOutcome", (context, id) => trainingOutcomeById(context).load(id));

export const trainingDomain: DomainModule = {
  name: "training",
  entities: [InstitutionEntity, ProgrammeEntity, TrainingLinkEntity, TrainingParticipantEntity, TrainingOutcomeEntity],
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
export { InstitutionEntity, ProgrammeEntity, TrainingLinkEntity, TrainingOutcomeEntity, TrainingParticipantEntity };
export { trainingLinkOwners };
export { institutionById, programmeById, trainingLinkById } from "./training.loaders.js";

import { registerNumericNodeType } from "../common/node.js";
import { defineReadModel } from "../common/read-model.js";
import { agreementById } from "./agreement.loaders.js";
import { AgreementSubscriptionResolver } from "./agreement.subscription.js";
import type { DomainModule } from "../domain.js";
import { AgreementEntity } from "./agreement.entity.js";
import { Agreement } from "./sharing.models.js";
import { AgreementResolver } from "./agreement.resolver.js";
import "./sharing.policy.js";

// Read by selection (src/common/read-model.ts); the status is worked out from the decision and the period's end.
defineReadModel(Agreement, AgreementEntity, {
  resolved: { id: [], status: ["decision", "periodTo"], grantor: ["grantorCode"], grantee: ["granteeCode"], requestedBy: ["requestedById"], decidedBy: ["decidedById"] },
});

registerNumericNodeType("Agreement", (context, id) => agreementById(context).load(id));

export const sharingDomain: DomainModule = {
  name: "sharing",
  entities: [AgreementEntity],
  resolvers: [AgreementResolver, AgreementSubscriptionResolver],
};

export { AgreementDecision, AgreementEntity, AgreementStatus } from "./agreement.entity.js";
export { Agreement } from "./sharing.models.js";
export { agreementById } from "./agreement.loaders.js";

import { registerNumericNodeType } from "../common/node.js";
import { agreementById } from "./agreement.loaders.js";
import { AgreementSubscriptionResolver } from "./agreement.subscription.js";
import type { DomainModule } from "../domain.js";
import { Agreement } from "./agreement.entity.js";
import { AgreementResolver } from "./agreement.resolver.js";
import "./sharing.policy.js";

registerNumericNodeType("Agreement", (context, id) => agreementById(context).load(id));

export const sharingDomain: DomainModule = {
  name: "sharing",
  entities: [Agreement],
  resolvers: [AgreementResolver, AgreementSubscriptionResolver],
};

export { Agreement, AgreementDecision, AgreementStatus } from "./agreement.entity.js";
export { agreementById } from "./agreement.loaders.js";

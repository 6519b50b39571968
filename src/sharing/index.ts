import { registerNumericNodeType } from "../common/node.js";
import { defineKeyLoader } from "../common/visible-rows.js";
import type { DomainModule } from "../domain.js";
import { Agreement } from "./agreement.entity.js";
import { AgreementResolver } from "./agreement.resolver.js";
import "./sharing.policy.js";

export const agreementById = defineKeyLoader<Agreement, number>("sharing:agreementById", Agreement, "id");
registerNumericNodeType("Agreement", (context, id) => agreementById(context).load(id));

export const sharingDomain: DomainModule = {
  name: "sharing",
  entities: [Agreement],
  resolvers: [AgreementResolver],
};

export { Agreement, AgreementDecision, AgreementStatus } from "./agreement.entity.js";

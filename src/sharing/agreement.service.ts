import { paginate, type Page, type PageArgs } from "../common/connection.js";
import { vietnamDate } from "../common/clock.js";
import { textArray, visibleRowsOf } from "../common/visible-rows.js";
import type { HubContext } from "../context.js";
import { provinceCodes } from "../reference/index.js";
import { AgreementDecision, AgreementStatus } from "./agreement.entity.js";
import { Agreement } from "./sharing.models.js";
import type { AgreementFilter } from "./agreement.inputs.js";

/** SQL for "the agreement has this status today", with EXPIRED derived from the period. */
function statusCondition(status: AgreementStatus): string {
  switch (status) {
    case AgreementStatus.APPROVED:
      return `(g.decision = '${AgreementDecision.APPROVED}' and g.period_to >= ?::date)`;
    case AgreementStatus.EXPIRED:
      return `(g.decision = '${AgreementDecision.APPROVED}' and g.period_to < ?::date)`;
    case AgreementStatus.REQUESTED:
    case AgreementStatus.DECLINED:
    case AgreementStatus.REVOKED:
      return `(g.decision = '${status}' and ?::date is not null)`;
  }
}

export class AgreementService {
  constructor(private readonly context: HubContext) {}

  get today(): string {
    return vietnamDate(this.context.clock.now());
  }

  async agreements(filter: AgreementFilter | null | undefined, page: PageArgs): Promise<Page<Agreement>> {
    const query = visibleRowsOf(this.context, Agreement, "g");
    // Every filtered field of an agreement is SHARED; anonymous callers, who may not read them, see
    // no agreement rows at all (sharing.policy.ts), so a filter acts only on rows they may read.
    if (filter?.grantor) query.andWhere("g.grantor_code = any(?::text[])", [textArray(await provinceCodes(this.context, filter.grantor))]);
    if (filter?.grantee) query.andWhere("g.grantee_code = any(?::text[])", [textArray(await provinceCodes(this.context, filter.grantee))]);
    if (filter?.datasets?.length) query.andWhere("g.datasets && ?::text[]", [textArray(filter.datasets)]);
    if (filter?.statuses?.length) {
      query.andWhere(`(${filter.statuses.map(statusCondition).join(" or ")})`, filter.statuses.map(() => this.today));
    }
    return paginate(
      this.context,
      query,
      Agreement,
      page,
      // Requests are inserted when made, so id order is request order; a timestamp cursor would
      // lose PostgreSQL's microseconds in JavaScript and skip rows.
      [{ property: "id", column: "id", valueOf: (r: Agreement) => r.id, kind: "integer", direction: "desc" }],
    );
  }
}

import type { GraphQLResolveInfo } from "graphql";
import { Arg, Ctx, Info, Query, Resolver } from "type-graphql";
import { Dataset } from "../common/visibility.js";
import type { HubContext } from "../context.js";
import { CatalogueService } from "./catalogue.service.js";
import { CatalogueDataset } from "./catalogue.types.js";

@Resolver()
export class CatalogueResolver {
  @Query(() => [CatalogueDataset], {
    description:
      "The data catalogue: each dataset with its record types, every field's classification, and the records the caller may see counted and dated by owning province — what exists before an agreement is requested.",
  })
  dataCatalogue(
    @Arg("datasets", () => [Dataset], { nullable: true, description: "Only these datasets; omitted, all of them." }) datasets: Dataset[] | null,
    @Ctx() context: HubContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<CatalogueDataset[]> {
    return new CatalogueService(context).datasets(info.schema, datasets);
  }
}

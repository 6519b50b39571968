import { Arg, Args, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import { PostListingInput, UpdateListingInput } from "./listing.inputs.js";
import { ListingWrites } from "./listing.writes.js";
import { PageArgs, type Page } from "../common/connection.js";
import type { HubContext } from "../context.js";
import { Commodity, commodityOf, Enterprise, enterpriseById, type Lookup } from "../reference/index.js";
import { ListingService } from "./listing.service.js";
import { Listing, OcopProduct } from "./trade.models.js";
import { ListingConnection, OcopProductConnection } from "./trade.connections.js";
import { ListingFilter, OcopProductFilter } from "./trade.inputs.js";

@Resolver(() => Listing)
export class ListingResolver {
  @Query(() => ListingConnection, { description: "Supply and demand listings, newest first." })
  listings(
    @Arg("filter", () => ListingFilter, { nullable: true, description: "Narrows the list; omitted, everything visible to the caller." }) filter: ListingFilter | null,
    @Args() page: PageArgs,
    @Ctx() context: HubContext,
  ): Promise<Page<Listing>> {
    return new ListingService(context).listings(filter, page);
  }

  @Mutation(() => Listing, { description: "Posts a listing: an enterprise for itself, or an agency editor for an enterprise of its province. Subscribers of `listingChanged` are told." })
  postListing(@Arg("input", () => PostListingInput, { description: "The listing." }) input: PostListingInput, @Ctx() context: HubContext): Promise<Listing> {
    return new ListingWrites(context).post(input);
  }

  @Mutation(() => Listing, { description: "Changes an open listing (its enterprise, or an editor of its province); a stale `version` is a CONFLICT." })
  updateListing(@Arg("input", () => UpdateListingInput, { description: "The change." }) input: UpdateListingInput, @Ctx() context: HubContext): Promise<Listing> {
    return new ListingWrites(context).update(input);
  }

  @Mutation(() => Listing, { description: "Closes an open listing (matched, withdrawn or expired); it stays for the record." })
  closeListing(
    @Arg("id", () => ID, { description: "The listing's global id." }) id: string,
    @Arg("version", () => Int, { description: "The version the closing is based on." }) version: number,
    @Ctx() context: HubContext,
  ): Promise<Listing> {
    return new ListingWrites(context).close(id, version);
  }

  @FieldResolver(() => Enterprise, { description: "The enterprise that posted the listing." })
  enterprise(@Root() listing: Listing, @Ctx() context: HubContext): Promise<Enterprise | null> {
    return enterpriseById(context).load(listing.enterpriseId);
  }

  @FieldResolver(() => Commodity, { description: "The commodity offered or sought." })
  commodity(@Root() listing: Listing, @Ctx() context: HubContext): Lookup<Commodity> {
    return commodityOf(context, listing.commodityId);
  }
}

@Resolver(() => OcopProduct)
export class OcopProductResolver {
  @Query(() => OcopProductConnection, { description: "OCOP products, most stars first, then by name in Vietnamese order." })
  ocopProducts(
    @Arg("filter", () => OcopProductFilter, { nullable: true, description: "Narrows the list; omitted, everything visible to the caller." }) filter: OcopProductFilter | null,
    @Args() page: PageArgs,
    @Ctx() context: HubContext,
  ): Promise<Page<OcopProduct>> {
    return new ListingService(context).ocopProducts(filter, page);
  }

  @FieldResolver(() => Enterprise, { description: "The enterprise that makes the product." })
  enterprise(@Root() product: OcopProduct, @Ctx() context: HubContext): Promise<Enterprise | null> {
    return enterpriseById(context).load(product.enterpriseId);
  }

  @FieldResolver(() => Commodity, { nullable: true, description: "The commodity the product is made from, where one fits." })
  commodity(@Root() product: OcopProduct, @Ctx() context: HubContext): Lookup<Commodity> {
    return product.commodityId !== null ? commodityOf(context, product.commodityId) : null;
  }
}

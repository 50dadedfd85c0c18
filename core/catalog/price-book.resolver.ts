import { Arg, Args, Authorized, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from "type-graphql";
import type { SelectQueryBuilder } from "typeorm";
import { respond, run, withRowIds } from "../contacts/mutation";
import { prefixPattern } from "../contacts/service-result";
import { requireTenant, type RequestContext } from "../graphql/context";
import { ConnectionArgs, paginate, type ConnectionResult } from "../graphql/relay/connection";
import { PRICE_BOOK_ORDER, entriesOfBook, priceBookLoader } from "./catalog.loaders";
import { CATALOG_MANAGE, CATALOG_READ } from "./catalog.permissions";
import type { PriceBookEntry } from "./price-book-entry.entity";
import { PriceBookEntryConnection } from "./price-book-entry.types";
import { PriceBook } from "./price-book.entity";
import { PriceBookConnection, PriceBookCreateInput, PriceBookFilter, PriceBookPayload, PriceBookUpdateInput } from "./price-book.types";
import { priceBooksService } from "./price-books.service";
import { normalizeLabel } from "./price-request";

function applyFilter(query: SelectQueryBuilder<PriceBook>, filter: PriceBookFilter): void {
  if (filter.search) query.andWhere("b.name LIKE :prefix", { prefix: prefixPattern(filter.search) });
  if (filter.currency) query.andWhere("b.currency = :currency", { currency: filter.currency.trim().toUpperCase() });
  if (filter.segment) query.andWhere("b.segment = :segment", { segment: normalizeLabel(filter.segment) });
  if (filter.channel) query.andWhere("b.channel = :channel", { channel: normalizeLabel(filter.channel) });
  if (filter.active != null) query.andWhere("b.active = :active", { active: filter.active });
  if (filter.validAt) query.andWhere("b.validFrom <= :validAt AND (b.validTo IS NULL OR b.validTo > :validAt)", { validAt: filter.validAt });
}

function filled(payload: PriceBookPayload, { record }: { record: PriceBook }): void {
  payload.priceBook = record;
}

@Resolver(() => PriceBook)
export class PriceBookResolver {
  @Authorized(CATALOG_READ)
  @Query(() => PriceBookConnection, { description: "Price books by name." })
  priceBooks(
    @Arg("filter", () => PriceBookFilter, { nullable: true }) filter: PriceBookFilter | null | undefined,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Ctx() context: RequestContext,
  ): Promise<ConnectionResult<PriceBook>> {
    const query = requireTenant(context).query(PriceBook, "b");
    applyFilter(query, filter ?? {});
    return paginate(query, args, PRICE_BOOK_ORDER);
  }

  @Authorized(CATALOG_READ)
  @FieldResolver(() => PriceBookEntryConnection, { nullable: true, description: "The book's prices, by product and tier." })
  entries(@Root() book: PriceBook, @Args(() => ConnectionArgs) args: ConnectionArgs, @Ctx() context: RequestContext): Promise<ConnectionResult<PriceBookEntry>> {
    // Each entry's unitPrice needs its book's currency: this one is already at hand.
    priceBookLoader(context).prime(book.id, book);
    return entriesOfBook(context, book.id, args);
  }

  @Authorized(CATALOG_MANAGE)
  @Mutation(() => PriceBookPayload, { description: "Creates a price book; add its prices with `priceBookEntrySet`." })
  priceBookCreate(@Arg("input", () => PriceBookCreateInput) input: PriceBookCreateInput, @Ctx() context: RequestContext): Promise<PriceBookPayload> {
    return respond(new PriceBookPayload(), run(context, "priceBookCreate", (uow) => priceBooksService.create(uow, input)), filled);
  }

  @Authorized(CATALOG_MANAGE)
  @Mutation(() => PriceBookPayload, { description: "Changes the fields given; null clears a field. The currency cannot change." })
  priceBookUpdate(@Arg("input", () => PriceBookUpdateInput) input: PriceBookUpdateInput, @Ctx() context: RequestContext): Promise<PriceBookPayload> {
    const result = withRowIds([[input.id, "PriceBook", ["input", "id"]]], ([id]) => run(context, "priceBookUpdate", (uow) => priceBooksService.update(uow, id!, input)));
    return respond(new PriceBookPayload(), result, filled);
  }
}

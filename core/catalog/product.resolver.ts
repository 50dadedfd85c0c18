import { Arg, Args, Authorized, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from "type-graphql";
import type { SelectQueryBuilder } from "typeorm";
import { respond, run, withRowIds } from "../contacts/mutation";
import { prefixPattern } from "../contacts/service-result";
import { requireTenant, type RequestContext } from "../graphql/context";
import { ConnectionArgs, paginate, type ConnectionResult } from "../graphql/relay/connection";
import { PRODUCT_ORDER, entriesOfProduct } from "./catalog.loaders";
import { CATALOG_MANAGE, CATALOG_READ } from "./catalog.permissions";
import type { PriceBookEntry } from "./price-book-entry.entity";
import { PriceBookEntryConnection } from "./price-book-entry.types";
import { Product } from "./product.entity";
import { ProductArchiveInput, ProductConnection, ProductCreateInput, ProductFilter, ProductPayload, ProductUpdateInput } from "./product.types";
import { productsService } from "./products.service";

function applyFilter(query: SelectQueryBuilder<Product>, filter: ProductFilter): void {
  if (!filter.includeArchived) query.andWhere("p.archivedAt IS NULL");
  if (filter.search) query.andWhere("(p.name LIKE :prefix OR p.sku LIKE :prefix)", { prefix: prefixPattern(filter.search) });
  if (filter.family) query.andWhere("p.family = :family", { family: filter.family.trim() });
  if (filter.active != null) query.andWhere("p.active = :active", { active: filter.active });
}

function filled(payload: ProductPayload, { record }: { record: Product }): void {
  payload.product = record;
}

@Resolver(() => Product)
export class ProductResolver {
  @Authorized(CATALOG_READ)
  @Query(() => ProductConnection, { description: "The catalogue by name; archived products only when asked." })
  products(
    @Arg("filter", () => ProductFilter, { nullable: true }) filter: ProductFilter | null | undefined,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Ctx() context: RequestContext,
  ): Promise<ConnectionResult<Product>> {
    const query = requireTenant(context).query(Product, "p");
    applyFilter(query, filter ?? {});
    return paginate(query, args, PRODUCT_ORDER);
  }

  @Authorized(CATALOG_READ)
  @FieldResolver(() => PriceBookEntryConnection, { nullable: true, description: "The product's prices in every book, by book and tier." })
  prices(@Root() product: Product, @Args(() => ConnectionArgs) args: ConnectionArgs, @Ctx() context: RequestContext): Promise<ConnectionResult<PriceBookEntry>> {
    return entriesOfProduct(context, product.id, args);
  }

  @Authorized(CATALOG_MANAGE)
  @Mutation(() => ProductPayload, { description: "Adds a product to the catalogue; its SKU must be new (TAKEN otherwise)." })
  productCreate(@Arg("input", () => ProductCreateInput) input: ProductCreateInput, @Ctx() context: RequestContext): Promise<ProductPayload> {
    return respond(new ProductPayload(), run(context, "productCreate", (uow) => productsService.create(uow, input)), filled);
  }

  @Authorized(CATALOG_MANAGE)
  @Mutation(() => ProductPayload, { description: "Changes the fields given; null clears a field." })
  productUpdate(@Arg("input", () => ProductUpdateInput) input: ProductUpdateInput, @Ctx() context: RequestContext): Promise<ProductPayload> {
    const result = withRowIds([[input.id, "Product", ["input", "id"]]], ([id]) => run(context, "productUpdate", (uow) => productsService.update(uow, id!, input)));
    return respond(new ProductPayload(), result, filled);
  }

  @Authorized(CATALOG_MANAGE)
  @Mutation(() => ProductPayload, { description: "Retires a product (hidden from `products` unless asked for, never priced), or brings it back." })
  productArchive(@Arg("input", () => ProductArchiveInput) input: ProductArchiveInput, @Ctx() context: RequestContext): Promise<ProductPayload> {
    const result = withRowIds([[input.id, "Product", ["input", "id"]]], ([id]) =>
      run(context, "productArchive", (uow) => productsService.archive(uow, id!, input.archived)),
    );
    return respond(new ProductPayload(), result, filled);
  }
}

import { Arg, Authorized, Ctx, FieldResolver, Mutation, Resolver, Root, type ClassType } from "type-graphql";
import { priceBookLoader, productLoader } from "../../../core/catalog/catalog.loaders";
import { PriceBook } from "../../../core/catalog/price-book.entity";
import { Product } from "../../../core/catalog/product.entity";
import { respond, run, withRowIds } from "../../../core/contacts/mutation";
import type { RequestContext } from "../../../core/graphql/context";
import { Money, money } from "../../../core/money/money";
import type { PricedLine } from "../entities/line-item.entity";
import { OpportunityLineItem } from "../entities/opportunity-line-item.entity";
import { Opportunity } from "../entities/opportunity.entity";
import { catalogRow, lineItemsOfOpportunity } from "../loaders/line-items.loader";
import type { SfaPermission } from "../permissions";
import { lineItemsService } from "../services/line-items.service";
import {
  OpportunityLineItemAddInput,
  OpportunityLineItemPayload,
  OpportunityLineItemRemoveInput,
  OpportunityLineItemRemovePayload,
  OpportunityLineItemUpdateInput,
} from "./line-item.types";

const WRITE: SfaPermission = "sfa.opportunities.write";

const filled = (payload: OpportunityLineItemPayload, { record, opportunity }: { record: OpportunityLineItem; opportunity: Opportunity }) => {
  Object.assign(payload, { opportunityLineItem: record, opportunity });
};

/** The fields every line shares (deal, quote, order): its product, book and amounts. */
export function PricedLineFields<T extends PricedLine>(type: ClassType<T>) {
  @Resolver(() => type)
  abstract class Fields {
    @FieldResolver(() => Product, { nullable: true, description: "The product as it is now; null if you may not read the catalogue. On quotes and orders, `sku` and `productName` are as they were." })
    product(@Root() line: PricedLine, @Ctx() context: RequestContext): Promise<Product | null> {
      return catalogRow(context, line.productId, productLoader);
    }

    @FieldResolver(() => PriceBook, { nullable: true, description: "The book the unit price came from; null if you may not read the catalogue." })
    priceBook(@Root() line: PricedLine, @Ctx() context: RequestContext): Promise<PriceBook | null> {
      return catalogRow(context, line.priceBookId, priceBookLoader);
    }

    @FieldResolver(() => Money, { description: "Per unit, before the discount." })
    unitPrice(@Root() line: PricedLine): Money {
      return money(line.unitAmount, line.currency);
    }

    @FieldResolver(() => Money, { description: "quantity × unit price." })
    subtotal(@Root() line: PricedLine): Money {
      return money(line.subtotal, line.currency);
    }

    @FieldResolver(() => Money, { description: "subtotal × discount, rounded half up to the minor unit." })
    discount(@Root() line: PricedLine): Money {
      return money(line.discountAmount, line.currency);
    }

    @FieldResolver(() => Money, { description: "subtotal − discount." })
    total(@Root() line: PricedLine): Money {
      return money(line.lineTotal, line.currency);
    }
  }
  return Fields;
}

/** `Opportunity.lineItems`. */
@Resolver(() => Opportunity)
export class OpportunityLineItemsResolver {
  @FieldResolver(() => [OpportunityLineItem], { description: "The products on the deal, in order; while there are any, `amount` is the sum of their totals." })
  lineItems(@Root() opportunity: Opportunity, @Ctx() context: RequestContext): Promise<OpportunityLineItem[]> {
    return lineItemsOfOpportunity(context, opportunity.id);
  }
}

@Resolver(() => OpportunityLineItem)
export class OpportunityLineItemResolver extends PricedLineFields(OpportunityLineItem) {
  @Authorized(WRITE)
  @Mutation(() => OpportunityLineItemPayload, { description: "Puts a product on an open deal at today's price for its currency, segment and channel." })
  opportunityLineItemAdd(@Arg("input", () => OpportunityLineItemAddInput) input: OpportunityLineItemAddInput, @Ctx() context: RequestContext): Promise<OpportunityLineItemPayload> {
    return respond(new OpportunityLineItemPayload(), run(context, "opportunityLineItemAdd", (uow) => lineItemsService.add(uow, context.services.pricing, input)), filled);
  }

  @Authorized(WRITE)
  @Mutation(() => OpportunityLineItemPayload, { description: "Changes a line's quantity, discount, book or channel, and prices it again at today's price." })
  opportunityLineItemUpdate(@Arg("input", () => OpportunityLineItemUpdateInput) input: OpportunityLineItemUpdateInput, @Ctx() context: RequestContext): Promise<OpportunityLineItemPayload> {
    const result = withRowIds([[input.id, "OpportunityLineItem", ["input", "id"]]], ([id]) =>
      run(context, "opportunityLineItemUpdate", (uow) => lineItemsService.update(uow, context.services.pricing, id!, input)),
    );
    return respond(new OpportunityLineItemPayload(), result, filled);
  }

  @Authorized(WRITE)
  @Mutation(() => OpportunityLineItemRemovePayload, { description: "Takes a product off an open deal." })
  opportunityLineItemRemove(@Arg("input", () => OpportunityLineItemRemoveInput) input: OpportunityLineItemRemoveInput, @Ctx() context: RequestContext): Promise<OpportunityLineItemRemovePayload> {
    const result = withRowIds([[input.id, "OpportunityLineItem", ["input", "id"]]], ([id]) => run(context, "opportunityLineItemRemove", (uow) => lineItemsService.remove(uow, id!)));
    return respond(new OpportunityLineItemRemovePayload(), result, (payload, { record }) => Object.assign(payload, { opportunity: record, removedId: input.id }));
  }
}

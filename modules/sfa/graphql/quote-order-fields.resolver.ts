import { Ctx, FieldResolver, Resolver, Root, type ClassType } from "type-graphql";
import { Account } from "../../../core/accounts/account.entity";
import { accountLoader } from "../../../core/accounts/account.loader";
import { Contact } from "../../../core/contacts/contact.entity";
import { contactLoader } from "../../../core/contacts/contact.loader";
import { userOf } from "../../../core/contacts/ownership.loader";
import type { RequestContext } from "../../../core/graphql/context";
import { User } from "../../../core/identity/identity.entities";
import { Money, money } from "../../../core/money/money";
import { Opportunity } from "../entities/opportunity.entity";
import type { SalesDocument } from "../entities/quote.entity";
import { opportunityLoader } from "../loaders/opportunities.loader";

/** The fields quotes and orders share: their parties and totals. Extended by QuoteResolver and OrderResolver. */
export function SalesDocumentFields<T extends SalesDocument>(type: ClassType<T>) {
  @Resolver(() => type)
  abstract class Fields {
    @FieldResolver(() => Account, { nullable: true, description: "Null if you may not see the account." })
    account(@Root() document: SalesDocument, @Ctx() context: RequestContext): Promise<Account | null> {
      return accountLoader(context).load(document.accountId);
    }

    @FieldResolver(() => Opportunity, { nullable: true, description: "Null if you may not see the opportunity." })
    opportunity(@Root() document: SalesDocument, @Ctx() context: RequestContext): Promise<Opportunity | null> {
      return opportunityLoader(context).load(document.opportunityId);
    }

    @FieldResolver(() => Contact, { nullable: true, description: "The recipient; null if you may not see them, or once their data was erased." })
    contact(@Root() document: SalesDocument, @Ctx() context: RequestContext): Promise<Contact | null> {
      return document.contactId ? contactLoader(context).load(document.contactId) : Promise.resolve(null);
    }

    @FieldResolver(() => User, { nullable: true, description: "The deal's owner when it was made." })
    owner(@Root() document: SalesDocument, @Ctx() context: RequestContext): Promise<User | null> {
      return userOf(context, document.ownerId);
    }

    @FieldResolver(() => User, { nullable: true })
    createdBy(@Root() document: SalesDocument, @Ctx() context: RequestContext): Promise<User | null> {
      return userOf(context, document.createdById);
    }

    @FieldResolver(() => Money, { description: "Σ quantity × unit price of the lines." })
    subtotal(@Root() document: SalesDocument): Money {
      return money(document.subtotal, document.currency);
    }

    @FieldResolver(() => Money, { description: "Σ of the lines' discounts, each rounded half up to the minor unit." })
    discountTotal(@Root() document: SalesDocument): Money {
      return money(document.discountTotal, document.currency);
    }

    @FieldResolver(() => Money, { description: "subtotal − discountTotal; no taxes." })
    total(@Root() document: SalesDocument): Money {
      return money(document.total, document.currency);
    }
  }
  return Fields;
}

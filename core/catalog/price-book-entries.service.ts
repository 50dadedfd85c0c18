import type { UnitOfWork } from "../db/unit-of-work";
import { UserErrorCode, userError, validateInput } from "../graphql/payload";
import { asInput, notFound, type ServiceResult } from "../contacts/service-result";
import { checkCurrency } from "../money/money";
import { PriceBookEntry } from "./price-book-entry.entity";
import { PriceBookEntrySetInput } from "./price-book-entry.types";
import { PriceBook } from "./price-book.entity";
import { PricingErrorCode } from "./pricing.types";
import { Product } from "./product.entity";

/** Row ids of the book and product an entry belongs to. */
export interface EntryKey {
  priceBookId: string;
  productId: string;
}

/** Prices in price books: set (insert or replace a tier) and remove. On errors nothing was written. */
export class PriceBookEntriesService {
  /**
   * Sets the product's price in the book from `minQuantity` units on. The book is locked first,
   * so concurrent sets of the same tier follow each other instead of racing to insert it.
   */
  async set(uow: UnitOfWork, key: EntryKey, input: PriceBookEntrySetInput): Promise<ServiceResult<PriceBookEntry>> {
    const errors = await validateInput(asInput(PriceBookEntrySetInput, input));
    const book = await uow.scope.lockById(PriceBook, key.priceBookId);
    if (!book) errors.push(notFound(["input", "priceBookId"], "price book"));
    if (!(await uow.scope.findOneBy(Product, { id: key.productId }))) errors.push(notFound(["input", "productId"], "product"));
    const { amount } = input.unitPrice;
    if (!Number.isSafeInteger(amount) || amount < 0) {
      errors.push(userError(["input", "unitPrice", "amount"], UserErrorCode.INVALID, "A price is a whole number of minor units, at least 0."));
    }
    const currencyField = ["input", "unitPrice", "currency"];
    const currency = checkCurrency(input.unitPrice.currency, currencyField);
    errors.push(...currency.errors);
    if (book && currency.currency !== null && currency.currency !== book.currency) {
      errors.push(userError(currencyField, PricingErrorCode.CURRENCY_MISMATCH, `Price book '${book.name}' is in ${book.currency}, not ${currency.currency}.`));
    }
    if (errors.length > 0) return { errors };
    const tier = { priceBookId: key.priceBookId, productId: key.productId, minQuantity: input.minQuantity };
    const entry = (await uow.scope.findOneBy(PriceBookEntry, tier)) ?? uow.scope.create<PriceBookEntry>(PriceBookEntry, tier);
    entry.unitAmount = amount;
    return { record: await uow.scope.save(entry) };
  }

  /** Removes an entry; answers the book it was in. */
  async remove(uow: UnitOfWork, id: string): Promise<ServiceResult<PriceBook>> {
    const entry = await uow.scope.findOneBy(PriceBookEntry, { id: id });
    const book = entry && (await uow.scope.lockById(PriceBook, entry.priceBookId));
    if (!entry || !book) return { errors: [notFound(["input", "id"], "price book entry")] };
    await uow.scope.remove(entry);
    return { record: book };
  }
}

export const priceBookEntriesService = new PriceBookEntriesService();

import type { UnitOfWork } from "../db/unit-of-work";
import { UserErrorCode, userError, validateInput, type UserError } from "../graphql/payload";
import { assignDefined, cleanText } from "../contacts/record-writer";
import { asInput, notFound, type ServiceResult } from "../contacts/service-result";
import { checkCurrency } from "../money/money";
import { PriceBook } from "./price-book.entity";
import { normalizeLabel } from "./price-request";
import { PriceBookCreateInput, PriceBookUpdateInput, type PriceBookChanges } from "./price-book.types";

/** Price books: create and change (their currency never changes). On errors nothing was written. */
export class PriceBooksService {
  async create(uow: UnitOfWork, input: PriceBookCreateInput): Promise<ServiceResult<PriceBook>> {
    const errors = await validateInput(asInput(PriceBookCreateInput, input));
    const currency = checkCurrency(input.currency, ["input", "currency"]);
    errors.push(...currency.errors);
    const book = uow.scope.create(PriceBook, { currency: currency.currency ?? "", segment: null, channel: null, validTo: null });
    return this.write(uow, book, { ...input, validFrom: input.validFrom ?? new Date() }, errors);
  }

  /** `id` is the book's row id; fields left out of `input` stay as they are. */
  async update(uow: UnitOfWork, id: string, input: PriceBookChanges): Promise<ServiceResult<PriceBook>> {
    const book = await uow.scope.lockById(PriceBook, id);
    if (!book) return { errors: [notFound(["input", "id"], "price book")] };
    const errors = await validateInput(asInput(PriceBookUpdateInput, { ...input, id: book.globalId }));
    if (input.validFrom === null) errors.push(userError(["input", "validFrom"], UserErrorCode.REQUIRED, "A price book needs a start."));
    return this.write(uow, book, input, errors);
  }

  /** Applies the changes, checks the book as it would be, and saves it unless anything is wrong. */
  private async write(uow: UnitOfWork, book: PriceBook, input: PriceBookChanges, errors: UserError[]): Promise<ServiceResult<PriceBook>> {
    if (input.name !== undefined && !cleanText(input.name)) errors.push(userError(["input", "name"], UserErrorCode.REQUIRED, "A price book needs a name."));
    assignDefined(book, {
      name: cleanText(input.name) ?? undefined,
      segment: input.segment === undefined ? undefined : normalizeLabel(input.segment),
      channel: input.channel === undefined ? undefined : normalizeLabel(input.channel),
      validFrom: input.validFrom ?? undefined,
      validTo: input.validTo,
      priority: input.priority ?? undefined,
      active: input.active ?? undefined,
    });
    if (book.validTo !== null && book.validTo <= book.validFrom) {
      errors.push(userError(["input", "validTo"], UserErrorCode.INVALID, "validTo must be after validFrom."));
    }
    if (errors.length > 0) return { errors };
    return { record: await uow.scope.save(book) };
  }
}

export const priceBooksService = new PriceBooksService();

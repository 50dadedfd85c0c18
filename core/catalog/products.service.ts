import type { UnitOfWork } from "../db/unit-of-work";
import { UserErrorCode, userError, validateInput, type UserError } from "../graphql/payload";
import { assignDefined, cleanText } from "../contacts/record-writer";
import { asInput, atomically, notFound, type ServiceResult } from "../contacts/service-result";
import { Product } from "./product.entity";
import { ProductCreateInput, ProductUpdateInput, type ProductChanges } from "./product.types";

function skuTaken(sku: string): UserError {
  return userError(["input", "sku"], UserErrorCode.TAKEN, `Another product has the SKU '${sku}'.`);
}

/** Products: create, change, archive. On errors nothing was written. */
export class ProductsService {
  async create(uow: UnitOfWork, input: ProductCreateInput): Promise<ServiceResult<Product>> {
    const errors = await this.check(uow, null, asInput(ProductCreateInput, input));
    if (errors.length > 0) return { errors };
    return this.write(uow, uow.scope.create(Product, { description: null, family: null, archivedAt: null }), input);
  }

  /** `id` is the product's row id; fields left out of `input` stay as they are. */
  async update(uow: UnitOfWork, id: string, input: ProductChanges): Promise<ServiceResult<Product>> {
    const product = await uow.scope.lockById(Product, id);
    if (!product) return { errors: [notFound(["input", "id"], "product")] };
    const errors = await this.check(uow, product, asInput(ProductUpdateInput, { ...input, id: product.globalId }));
    return errors.length > 0 ? { errors } : this.write(uow, product, input);
  }

  async archive(uow: UnitOfWork, id: string, archived: boolean): Promise<ServiceResult<Product>> {
    const product = await uow.scope.lockById(Product, id);
    if (!product) return { errors: [notFound(["input", "id"], "product")] };
    if (archived !== (product.archivedAt !== null)) {
      product.archivedAt = archived ? new Date() : null;
      await uow.scope.save(product);
    }
    return { record: product };
  }

  private async check(uow: UnitOfWork, product: Product | null, input: ProductChanges): Promise<UserError[]> {
    const errors = await validateInput(input);
    if (input.name !== undefined && !cleanText(input.name)) errors.push(userError(["input", "name"], UserErrorCode.REQUIRED, "A product needs a name."));
    if (input.sku === null) errors.push(userError(["input", "sku"], UserErrorCode.REQUIRED, "A product needs a SKU."));
    const skuValid = !errors.some((error) => error.field?.[1] === "sku");
    if (input.sku && skuValid) {
      const holder = await uow.scope.findOneBy(Product, { sku: input.sku });
      if (holder && holder.id !== product?.id) errors.push(skuTaken(input.sku));
    }
    return errors;
  }

  private write(uow: UnitOfWork, product: Product, input: ProductChanges): Promise<ServiceResult<Product>> {
    assignDefined(product, {
      sku: input.sku ?? undefined,
      name: cleanText(input.name) ?? undefined,
      description: cleanText(input.description),
      family: cleanText(input.family),
      active: input.active ?? undefined,
    });
    // The check above saw no holder of the SKU; a concurrent create may still take it first.
    return atomically(uow, async () => ({ record: await uow.scope.save(product) }), () => [skuTaken(product.sku)]);
  }
}

export const productsService = new ProductsService();

import { cleanText } from "../../../core/contacts/record-writer";
import { asInput, notFound, staffUserOf, type ServiceResult } from "../../../core/contacts/service-result";
import type { UnitOfWork } from "../../../core/db/unit-of-work";
import { userError, validateInput } from "../../../core/graphql/payload";
import { ORDER_TRANSITIONS, Order, OrderLine, OrderStatus, OrderStatusChange } from "../entities/order.entity";
import { QuoteLine, type Quote } from "../entities/quote.entity";
import { SalesDocumentKind } from "../entities/sales-settings.entity";
import { OrderUpdateStatusInput } from "../graphql/order.types";
import { nextNumber } from "./sales-settings.service";

export const OrderErrorCode = {
  /** The order cannot go from its status to the one asked (the message lists where it can go). */
  INVALID_TRANSITION: "INVALID_TRANSITION",
} as const;

/** Orders: made from accepted quotes, then moved along ORDER_TRANSITIONS with a history of who moved them when. */
export class OrdersService {
  /** The order of an accepted quote, in the acceptance's transaction: number, lines and totals copied. */
  async createFromQuote(uow: UnitOfWork, quote: Quote): Promise<Order> {
    const now = new Date();
    const order = await uow.scope.save(
      uow.scope.create(Order, {
        number: await nextNumber(uow, SalesDocumentKind.ORDER),
        quoteId: quote.id,
        opportunityId: quote.opportunityId,
        accountId: quote.accountId,
        contactId: quote.contactId,
        currency: quote.currency,
        subtotal: quote.subtotal,
        discountTotal: quote.discountTotal,
        total: quote.total,
        status: OrderStatus.PENDING,
        statusChangedAt: now,
        createdById: staffUserOf(uow.work),
        ownerId: quote.ownerId,
        teamId: quote.teamId,
      }),
    );
    const lines = await uow.scope.find(QuoteLine, { where: { quoteId: quote.id }, order: { position: "ASC" } });
    await uow.scope.saveAll(
      lines.map(({ id: _id, quoteId: _quoteId, createdAt: _createdAt, updatedAt: _updatedAt, ...line }) => uow.scope.create(OrderLine, { ...line, orderId: order.id })),
    );
    await this.recordChange(uow, order, null, null, now);
    await uow.emit("sfa.order.created.v1", {
      orderId: order.id,
      number: order.number,
      quoteId: quote.id,
      opportunityId: order.opportunityId,
      accountId: order.accountId,
      total: order.total,
      currency: order.currency,
    });
    return order;
  }

  /** Moves the order (row id) to `input.status`, if ORDER_TRANSITIONS allows it from where it is. */
  async updateStatus(uow: UnitOfWork, id: string, raw: OrderUpdateStatusInput): Promise<ServiceResult<Order>> {
    const errors = await validateInput(asInput(OrderUpdateStatusInput, raw));
    if (errors.length > 0) return { errors };
    const { status, note } = raw;
    const order = await uow.scope.lockById(Order, id);
    if (!order) return { errors: [notFound(["input", "id"], "order")] };
    const allowed = ORDER_TRANSITIONS[order.status];
    if (!allowed.includes(status)) {
      const next = allowed.length > 0 ? `it can become ${allowed.join(" or ")}` : "that is final";
      return { errors: [userError(["input", "status"], OrderErrorCode.INVALID_TRANSITION, `${order.number} is ${order.status}: ${next}.`)] };
    }
    const from = order.status;
    const now = new Date();
    Object.assign(order, { status, statusChangedAt: now });
    await uow.scope.save(order);
    await this.recordChange(uow, order, from, cleanText(note) ?? null, now);
    await uow.emit("sfa.order.statusChanged.v1", { orderId: order.id, number: order.number, accountId: order.accountId, fromStatus: from, toStatus: status });
    return { record: order };
  }

  private async recordChange(uow: UnitOfWork, order: Order, fromStatus: OrderStatus | null, note: string | null, at: Date): Promise<void> {
    await uow.scope.save(uow.scope.create(OrderStatusChange, { orderId: order.id, fromStatus, toStatus: order.status, changedAt: at, changedById: staffUserOf(uow.work), note }));
  }
}

export const ordersService = new OrdersService();

import { Order } from "../entities/order.entity";
import { Quote } from "../entities/quote.entity";
import type { CustomerDataPart } from "./customer-data.hooks";

/**
 * Quotes and orders are the account's documents; a person is only their recipient. Merges move
 * both references to the survivor; an erasure unlinks the person and clears what was addressed
 * to them (the address and the rep's note), while the documents, which name no person, stay.
 */
export const quoteData: CustomerDataPart = {
  async mergeAccounts(uow, { survivorId, mergedId }) {
    const whole = uow.scope.unrestricted();
    await whole.update(Quote, { accountId: mergedId }, { accountId: survivorId });
    await whole.update(Order, { accountId: mergedId }, { accountId: survivorId });
  },

  async mergeContacts(uow, { survivorId, mergedId }) {
    const whole = uow.scope.unrestricted();
    await whole.update(Quote, { contactId: mergedId }, { contactId: survivorId });
    await whole.update(Order, { contactId: mergedId }, { contactId: survivorId });
  },

  async gdprExport(scope, { contactId }) {
    const [quotes, orders] = await Promise.all([
      scope.find(Quote, { where: { contactId }, order: { id: "ASC" } }),
      scope.find(Order, { where: { contactId }, order: { id: "ASC" } }),
    ]);
    return {
      quotesReceived: quotes.map((quote) => ({
        quote: quote.globalId,
        number: quote.number,
        version: quote.version,
        status: quote.status,
        total: { amount: quote.total, currency: quote.currency },
        validUntil: quote.validUntil,
        sentTo: quote.sentToEmail,
        sentAt: quote.sentAt?.toISOString() ?? null,
        message: quote.sendMessage,
      })),
      orders: orders.map((order) => ({ order: order.globalId, number: order.number, status: order.status, total: { amount: order.total, currency: order.currency }, since: order.createdAt.toISOString() })),
    };
  },

  async gdprErase(uow, { contactId }) {
    const whole = uow.scope.unrestricted();
    await whole.update(Quote, { contactId }, { contactId: null, sentToEmail: null, sendMessage: null });
    await whole.update(Order, { contactId }, { contactId: null });
  },
};

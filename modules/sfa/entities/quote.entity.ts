import { Field, Int, ObjectType, registerEnumType } from "type-graphql";
import { Column, Entity, Index } from "typeorm";
import { bigintId, timestamp } from "../../../core/db/columns";
import { OwnedEntity } from "../../../core/db/tenant-entity";
import { NodeType } from "../../../core/graphql/relay/node";
import { moneyColumn } from "../../../core/money/money";
import { PricedLine } from "./line-item.entity";

export enum QuoteStatus {
  DRAFT = "DRAFT",
  PENDING_APPROVAL = "PENDING_APPROVAL",
  APPROVED = "APPROVED",
  SENT = "SENT",
  ACCEPTED = "ACCEPTED",
  REJECTED = "REJECTED",
  EXPIRED = "EXPIRED",
  SUPERSEDED = "SUPERSEDED",
}
registerEnumType(QuoteStatus, {
  name: "QuoteStatus",
  valuesConfig: {
    DRAFT: { description: "Ready: no discount needed approval. It may be sent or accepted." },
    PENDING_APPROVAL: { description: "A discount is above the tenant's approval threshold: it cannot be sent before `quoteApprove`." },
    APPROVED: { description: "Its discounts were approved; it may be sent or accepted." },
    SENT: { description: "Emailed to its recipient." },
    ACCEPTED: { description: "The customer accepted it; an order was made from it." },
    REJECTED: { description: "The customer turned it down." },
    EXPIRED: { description: "Its validity ended before it was accepted." },
    SUPERSEDED: { description: "A later version of the same number replaced it." },
  },
});

/** Where emailing the quote stands; null until someone asks for it to be sent. */
export enum QuoteSendStatus {
  SCHEDULED = "SCHEDULED",
  SENDING = "SENDING",
  SENT = "SENT",
  FAILED = "FAILED",
}
registerEnumType(QuoteSendStatus, {
  name: "QuoteSendStatus",
  valuesConfig: {
    SCHEDULED: { description: "Waiting for `sendScheduledAt` (now, or when the contact policy allows it)." },
    SENDING: { description: "Being handed to the mail server." },
    SENT: { description: "The mail server accepted it." },
    FAILED: { description: "Not sent: `sendError` says why. Send it again once fixed." },
  },
});

/** What quotes and orders share: a numbered commercial document for an account, with its totals. */
@ObjectType()
export abstract class SalesDocument extends OwnedEntity {
  @Field(() => String, { description: "Numbered per tenant, e.g. Q-000123 or O-000045." })
  @Column({ type: "varchar", length: 20 })
  number: string;

  @Column(bigintId)
  opportunityId: string;

  @Column(bigintId)
  accountId: string;

  /** The person it is for; null once that person's data was erased. */
  @Column({ ...bigintId, nullable: true })
  contactId: string | null;

  @Field(() => String, { description: "ISO 4217: the opportunity's currency." })
  @Column({ type: "char", length: 3 })
  currency: string;

  /** Σ quantity × unit amount of the lines, minor units. */
  @Column(moneyColumn)
  subtotal: number;

  /** Σ of the lines' discounts, each rounded to the minor unit. */
  @Column(moneyColumn)
  discountTotal: number;

  /** subtotal − discountTotal (no taxes). */
  @Column(moneyColumn)
  total: number;

  @Column({ ...bigintId, nullable: true })
  createdById: string | null;
}

/** What quote and order lines add: the product as it was named when priced, since documents keep what they said. */
@ObjectType()
export abstract class DocumentLine extends PricedLine {
  @Field(() => String, { description: "The product's SKU when the line was priced." })
  @Column({ type: "varchar", length: 64 })
  sku: string;

  @Field(() => String, { description: "The product's name when the line was priced." })
  @Column({ type: "varchar", length: 200 })
  productName: string;
}

/**
 * A commercial proposal made from an opportunity: numbered per tenant and versioned (a revision
 * is a new row with the same number and the next version; the one it replaces is SUPERSEDED).
 * Visible like its opportunity: owner and team are copied from it.
 */
@NodeType("Quote")
@Entity()
@Index(["tenantId", "number", "version"], { unique: true })
@Index(["tenantId", "opportunityId", "id"])
@Index(["tenantId", "accountId"])
@Index(["tenantId", "contactId"])
/** The expiry sweep looks across tenants for live quotes past their validity. */
@Index(["status", "validUntil"])
export class Quote extends SalesDocument {
  @Field(() => Int, { description: "1 for the first version; each revision adds one." })
  @Column({ type: "smallint", unsigned: true })
  version: number;

  @Field(() => QuoteStatus)
  @Column({ type: "varchar", length: 20 })
  status: QuoteStatus;

  @Field(() => String, { nullable: true, description: "The sales channel it was priced for (lower case), if any." })
  @Column({ type: "varchar", length: 64, nullable: true })
  channel: string | null;

  @Field(() => String, { description: "BCP 47 locale its document is written in: the recipient's language, else en." })
  @Column({ type: "varchar", length: 35 })
  locale: string;

  @Field(() => Date, { description: "The moment its prices were resolved at." })
  @Column(timestamp)
  pricedAt: Date;

  @Field(() => String, { description: "Last day the offer stands (YYYY-MM-DD, inclusive, UTC)." })
  @Column({ type: "date" })
  validUntil: string;

  @Field(() => Int, { description: "The largest line discount, in basis points: what approval is about." })
  @Column({ type: "smallint", unsigned: true })
  maxDiscountBps: number;

  @Field(() => Boolean, { description: "Whether a discount was above the approval threshold when it was made." })
  @Column({ type: "boolean" })
  approvalRequired: boolean;

  @Column({ ...bigintId, nullable: true })
  approvedById: string | null;

  @Field(() => Date, { nullable: true })
  @Column({ ...timestamp, nullable: true })
  approvedAt: Date | null;

  /** The rendered PDF of this version, once the document job has made it. */
  @Column({ ...bigintId, nullable: true })
  pdfFileId: string | null;

  @Field(() => QuoteSendStatus, { nullable: true, description: "Null until `quoteSend`." })
  @Column({ type: "varchar", length: 12, nullable: true })
  sendStatus: QuoteSendStatus | null;

  /** Bumped by each `quoteSend`: a send job acts only for the request it was made for. */
  @Column({ type: "int", unsigned: true, default: 0 })
  sendRequest: number;

  @Field(() => Date, { nullable: true, description: "When the email goes (or went) out: now, or when the contact policy allows it." })
  @Column({ ...timestamp, nullable: true })
  sendScheduledAt: Date | null;

  @Column({ ...bigintId, nullable: true })
  sendRequestedById: string | null;

  @Field(() => String, { nullable: true, description: "The rep's note to the recipient, sent as the email's text." })
  @Column({ type: "text", nullable: true })
  sendMessage: string | null;

  @Field(() => String, { nullable: true, description: "Why the last send failed (or is being retried)." })
  @Column({ type: "varchar", length: 500, nullable: true })
  sendError: string | null;

  @Field(() => String, { nullable: true, description: "The address it was emailed to." })
  @Column({ type: "varchar", length: 254, nullable: true })
  sentToEmail: string | null;

  @Field(() => Date, { nullable: true })
  @Column({ ...timestamp, nullable: true })
  sentAt: Date | null;

  @Field(() => Date, { nullable: true })
  @Column({ ...timestamp, nullable: true })
  acceptedAt: Date | null;

  @Field(() => Date, { nullable: true })
  @Column({ ...timestamp, nullable: true })
  rejectedAt: Date | null;

  @Field(() => String, { nullable: true })
  @Column({ type: "varchar", length: 500, nullable: true })
  rejectionReason: string | null;
}

@ObjectType({ description: "A line of a quote, priced when the quote (version) was made." })
@Entity()
@Index(["tenantId", "quoteId", "position"])
export class QuoteLine extends DocumentLine {
  @Column(bigintId)
  quoteId: string;
}

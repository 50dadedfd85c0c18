import { GraphQLSafeInt } from "graphql-scalars";
import { Field, InputType, ObjectType } from "type-graphql";
import type { ValueTransformer } from "typeorm";
import { userError, type UserError } from "../graphql/payload";

/** ISO 4217 codes this runtime knows (ICU's list), which is also what it can format. */
const CURRENCIES: ReadonlySet<string> = new Set(Intl.supportedValuesOf("currency"));

export const MoneyErrorCode = { UNKNOWN_CURRENCY: "UNKNOWN_CURRENCY" } as const;

export function isCurrency(code: string): boolean {
  return CURRENCIES.has(code);
}

/** The upper-cased code, or null and the userError for `field` when no such currency exists. */
export function checkCurrency(code: string, field: string[]): { currency: string | null; errors: UserError[] } {
  const currency = code.trim().toUpperCase();
  return isCurrency(currency)
    ? { currency, errors: [] }
    : { currency: null, errors: [userError(field, MoneyErrorCode.UNKNOWN_CURRENCY, `'${code}' is not an ISO 4217 currency code.`)] };
}

/** Digits after the decimal point in the currency's minor unit: 2 for EUR, 0 for JPY, 3 for KWD. */
export function minorDigits(currency: string): number {
  return new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
}

/**
 * Amounts are BIGINT minor units. mysql2 returns BIGINT as a string; amounts stay far below 2^53,
 * so they are numbers in the code and SafeInt in GraphQL, where a larger value fails loudly.
 */
export const minorUnits: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | number | null) => (value === null ? null : Number(value)),
};

export const moneyColumn = { type: "bigint", transformer: minorUnits } as const;

@ObjectType({ description: "An amount of money: an integer of the currency's minor units (cents) and its ISO 4217 code." })
export class Money {
  @Field(() => GraphQLSafeInt, { description: "In minor units: 1999 is 19.99 EUR, 1999 JPY is 1999 yen." })
  amount: number;

  @Field(() => String, { description: "ISO 4217, e.g. EUR." })
  currency: string;
}

@InputType({ description: "An amount in minor units and its ISO 4217 currency code." })
export class MoneyInput {
  @Field(() => GraphQLSafeInt)
  amount: number;

  @Field(() => String)
  currency: string;
}

export function money(amount: number, currency: string): Money;
export function money(amount: number | null, currency: string): Money | null;
export function money(amount: number | null, currency: string): Money | null {
  return amount === null ? null : Object.assign(new Money(), { amount, currency });
}

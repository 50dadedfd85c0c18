import { ErrorCode, clientError } from "../errors";
import { UserErrorCode, userError, type UserError } from "../payload";

const TYPE_NAME = /^[A-Z][A-Za-z0-9]*$/;
const ROW_ID = /^[1-9]\d{0,19}$/;

/** Opaque to clients; base64url of `Type:rowId`, so ids are unique across types. */
export function toGlobalId(typeName: string, rowId: string): string {
  return Buffer.from(`${typeName}:${rowId}`).toString("base64url");
}

export interface DecodedId {
  typeName: string;
  rowId: string;
}

export function fromGlobalId(globalId: string, expectedType?: string): DecodedId {
  const text = Buffer.from(globalId, "base64url").toString("utf8");
  const separator = text.indexOf(":");
  const typeName = text.slice(0, separator);
  const rowId = text.slice(separator + 1);
  if (separator < 1 || !TYPE_NAME.test(typeName) || !ROW_ID.test(rowId) || toGlobalId(typeName, rowId) !== globalId) {
    throw clientError(ErrorCode.INVALID_ID, `'${globalId}' is not a valid id.`, { id: globalId });
  }
  if (expectedType && typeName !== expectedType) {
    throw clientError(ErrorCode.INVALID_ID, `'${globalId}' is not the id of a ${expectedType}.`, { id: globalId });
  }
  return { typeName, rowId };
}

/** A mutation input's ids as row ids; malformed ones become `INVALID` userErrors on `field`. */
export function rowIdsOf(globalIds: readonly string[], typeName: string, field: string[]): { rowIds: string[]; errors: UserError[] } {
  const rowIds: string[] = [];
  const errors: UserError[] = [];
  globalIds.forEach((globalId, index) => {
    try {
      rowIds.push(fromGlobalId(globalId, typeName).rowId);
    } catch {
      errors.push(userError([...field, String(index)], UserErrorCode.INVALID, `'${globalId}' is not the id of a ${typeName}.`));
    }
  });
  return { rowIds, errors };
}

/** One input id as a row id; a malformed one is an `INVALID` userError on `field` itself. */
export function rowIdOf(globalId: string, typeName: string, field: string[]): { rowId: string | null; errors: UserError[] } {
  const { rowIds, errors } = rowIdsOf([globalId], typeName, field);
  return { rowId: rowIds[0] ?? null, errors: errors.map((error) => userError(field, error.code, error.message)) };
}

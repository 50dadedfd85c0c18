/** A unique index refused the row: a race lost to a concurrent insert of the same key. */
export function isDuplicateKey(error: unknown): boolean {
  const driverError = (error as { driverError?: { code?: string } } | null)?.driverError;
  return driverError?.code === "ER_DUP_ENTRY" || (error as { code?: string } | null)?.code === "ER_DUP_ENTRY";
}

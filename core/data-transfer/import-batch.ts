import type { DataSource, EntityManager } from "typeorm";
import { ContactPointKind } from "../contacts/contact-point.entity";
import { isDuplicateKey } from "../db/errors";
import { RowErrorCode, type AccountRecord, type ContactRecord, type ImportRecord, type RowError } from "./columns";
import { DataTransferKind } from "./data-transfer.entities";

/**
 * One batch of an import: the rows `firstRow .. firstRow + rowCount - 1` (0-based data rows) of
 * the file, already validated. Written in one transaction together with the job's progress, so a
 * batch is either wholly in the database, counted, or not at all.
 */
export interface ImportBatch {
  tenantId: string;
  importId: string;
  kind: DataTransferKind;
  firstRow: number;
  rowCount: number;
  records: ImportRecord[];
  errors: RowError[];
  /** Owner of the records the import creates (the importing staff user), if any. */
  ownerId: string | null;
}

export interface BatchOutcome {
  created: number;
  updated: number;
  failed: number;
  /** True when the job's progress showed the batch was already committed (a retried job). */
  skipped: boolean;
}

export type Value = string | number | boolean | null;
/** A statement parameter; an array expands to a list, for `IN (?)`. */
type Param = Value | readonly Value[];

/** What the driver answers to an INSERT. `insertId` is a string past 2^53 (bigNumberStrings). */
interface InsertResult {
  affectedRows: number;
  insertId: number | string;
}

/**
 * The text and parameters of one multi-row INSERT (optionally an upsert) of `rows`, whose values
 * follow `columns`. Exported for the import benchmark, whose baseline sends the same statements.
 */
export function multiRowInsert(table: string, columns: readonly string[], rows: readonly (readonly Value[])[], onDuplicate?: string): { sql: string; params: Value[] } {
  const tuple = `(${columns.map(() => "?").join(", ")})`;
  const upsert = onDuplicate ? ` ON DUPLICATE KEY UPDATE ${onDuplicate}` : "";
  // Not rows.flat(): V8's generic flat() takes ~20x as long (~5 ms for a batch's contact points),
  // and this runs between two statements of the batch, while the database waits.
  const params: Value[] = [];
  for (const row of rows) for (const value of row) params.push(value);
  return { sql: `INSERT INTO ${table} (${columns.map((c) => `\`${c}\``).join(", ")}) VALUES ${rows.map(() => tuple).join(", ")}${upsert}`, params };
}

async function insertRows(manager: EntityManager, table: string, columns: readonly string[], rows: readonly Value[][], onDuplicate?: string): Promise<InsertResult | null> {
  if (rows.length === 0) return null;
  const { sql, params } = multiRowInsert(table, columns, rows, onDuplicate);
  return manager.query<InsertResult>(sql, params);
}

/**
 * How the server numbers the rows of one plain multi-row INSERT (no ON DUPLICATE KEY UPDATE, no
 * explicit ids: a "simple insert"). With innodb_autoinc_lock_mode 0 or 1 (MariaDB's default, and
 * MySQL's before 8.0) InnoDB documents that such a statement's values are consecutive, `step`
 * (auto_increment_increment) apart, starting at the insert id the driver returns. With 2
 * (MySQL 8's default, and Galera's requirement) the manual promises that only while no bulk
 * insert runs concurrently, so the new rows' ids are read back by key instead.
 */
interface AutoIncrement {
  consecutive: boolean;
  step: bigint;
}

/** `c = COALESCE(VALUES(c), c)`: an empty cell (NULL) leaves the stored value as it was. */
const keepUnlessGiven = (columns: readonly string[]): string => columns.map((c) => `${c} = COALESCE(VALUES(${c}), ${c})`).join(", ");

const distinct = <T>(values: Iterable<T | null>): T[] => [...new Set([...values].filter((v): v is T => v !== null))];

/**
 * Groups a batch's records by what identifies them, so two rows of one batch about the same
 * record behave as they would in two batches: the later one updates the earlier. `keyOf` is
 * called once per record, in file order.
 */
function mergeByKey<R extends ImportRecord>(records: R[], keyOf: (record: R) => string): { key: string; record: R; rowNumbers: number[] }[] {
  const groups = new Map<string, { key: string; record: R; rowNumbers: number[] }>();
  for (const record of records) {
    const key = keyOf(record);
    const group = groups.get(key);
    if (!group) {
      groups.set(key, { key, record, rowNumbers: [record.rowNumber] });
      continue;
    }
    const merged = { ...group.record } as Record<string, unknown>;
    for (const [field, value] of Object.entries(record)) if (value !== null) merged[field] = value;
    group.record = merged as R;
    group.rowNumbers.push(record.rowNumber);
  }
  return [...groups.values()];
}

interface Match {
  id: string;
  externalId: string | null;
  primaryEmail: string | null;
  primaryPhone: string | null;
  /** Found through a contact merged into this one: its external id stays with the merged row. */
  viaMerge: boolean;
}

const CONTACT_DATA = ["first_name", "last_name", "title", "time_zone", "language"] as const;

/**
 * Contacts are matched by external id; failing that, by email, against live contacts (not merged
 * away, not erased) that have that email as any email point or as their primary email and no
 * other external id. Matched rows are updated with one multi-row `INSERT … ON DUPLICATE KEY
 * UPDATE` (a matched row carries its id, so it collides on the key); the rest are inserted with
 * one plain multi-row INSERT, whose auto-increment block gives their ids (see AutoIncrement).
 */
async function writeContacts(
  manager: EntityManager,
  batch: ImportBatch,
  records: ContactRecord[],
  errors: RowError[],
  autoIncrement: AutoIncrement,
): Promise<{ created: number; updated: number }> {
  const tenantId = batch.tenantId;

  // Accounts named by the rows must exist; a row naming an unknown one is refused whole.
  const accountIds = new Map<string, string>();
  const accountKeys = distinct(records.map((r) => r.accountExternalId));
  if (accountKeys.length > 0) {
    const rows: { id: string; external_id: string }[] = await manager.query(
      "SELECT id, external_id FROM account WHERE tenant_id = ? AND external_id IN (?) AND merged_into_id IS NULL",
      [tenantId, accountKeys],
    );
    for (const row of rows) accountIds.set(row.external_id, String(row.id));
  }
  const usable = records.filter((record) => {
    if (record.accountExternalId === null || accountIds.has(record.accountExternalId)) return true;
    errors.push({ rowNumber: record.rowNumber, field: "account_external_id", code: RowErrorCode.NOT_FOUND, message: `No account has the external id '${record.accountExternalId}'.` });
    return false;
  });
  if (usable.length === 0) return { created: 0, updated: 0 };

  // Existing contacts, by external id and by email, in one round trip.
  const externalIds = distinct(usable.map((r) => r.externalId));
  const emails = distinct(usable.map((r) => r.email?.normalized ?? null));
  const columns = "c.id, c.external_id AS externalId, c.primary_email AS primaryEmail, c.primary_phone AS primaryPhone, c.merged_into_id AS mergedIntoId";
  const live = "c.merged_into_id IS NULL AND c.erased_at IS NULL";
  const lookups: string[] = [];
  const params: Param[] = [];
  if (externalIds.length > 0) {
    // A merged contact's row still holds its external id; the survivor is updated instead.
    lookups.push(
      `SELECT COALESCE(w.id, c.id) AS id, c.external_id AS externalId, COALESCE(w.primary_email, c.primary_email) AS primaryEmail, ` +
        `COALESCE(w.primary_phone, c.primary_phone) AS primaryPhone, c.merged_into_id AS mergedIntoId, NULL AS email ` +
        `FROM contact c LEFT JOIN contact w ON w.id = c.merged_into_id AND w.tenant_id = c.tenant_id WHERE c.tenant_id = ? AND c.external_id IN (?)`,
    );
    params.push(tenantId, externalIds);
  }
  if (emails.length > 0) {
    lookups.push(
      `SELECT ${columns}, p.normalized AS email FROM contact_point p JOIN contact c ON c.id = p.contact_id AND c.tenant_id = p.tenant_id ` +
        `WHERE p.tenant_id = ? AND p.kind = 'EMAIL' AND p.normalized IN (?) AND ${live}`,
      `SELECT ${columns}, c.primary_email AS email FROM contact c WHERE c.tenant_id = ? AND c.primary_email IN (?) AND ${live}`,
    );
    params.push(tenantId, emails, tenantId, emails);
  }
  const found: (Omit<Match, "viaMerge"> & { mergedIntoId: string | null; email: string | null })[] =
    lookups.length > 0 ? await manager.query(lookups.join(" UNION ALL "), params) : [];
  const byExternalId = new Map<string, Match>();
  const byEmail = new Map<string, Match>();
  for (const row of found) {
    const match: Match = { ...row, id: String(row.id), viaMerge: row.mergedIntoId !== null };
    if (row.email === null && row.externalId !== null) byExternalId.set(row.externalId, match);
    // The oldest contact wins when several share an email.
    else if (row.email !== null && (!byEmail.has(row.email) || BigInt(byEmail.get(row.email)!.id) > BigInt(match.id))) byEmail.set(row.email, match);
  }
  const lookUp = (record: ContactRecord): Match | undefined => {
    if (record.externalId !== null) {
      const byId = byExternalId.get(record.externalId);
      if (byId) return byId;
      const byMail = record.email ? byEmail.get(record.email.normalized) : undefined;
      return byMail && byMail.externalId === null ? byMail : undefined;
    }
    return record.email ? byEmail.get(record.email.normalized) : undefined;
  };
  // The first row with an external id decides whose it is (a contact found by it, one found by
  // email, or a new one); later rows with that id follow, as they would in a later batch where
  // it is stored. Without this, two rows could give one external id to two contacts.
  const byBatchExternalId = new Map<string, Match | null>();
  const matches = new Map<string, Match>();
  const groups = mergeByKey(usable, (record) => {
    let match: Match | undefined;
    if (record.externalId === null) match = lookUp(record);
    else if (byBatchExternalId.has(record.externalId)) match = byBatchExternalId.get(record.externalId) ?? undefined;
    else byBatchExternalId.set(record.externalId, (match = lookUp(record)) ?? null);
    if (!match) return record.externalId !== null ? `ext:${record.externalId}` : `email:${record.email!.normalized}`;
    // Every match of one contact carries its id and primaries; the first is kept.
    if (!matches.has(`id:${match.id}`)) matches.set(`id:${match.id}`, match);
    return `id:${match.id}`;
  });
  const matched = groups.filter((g) => matches.has(g.key));
  const fresh = groups.filter((g) => !matches.has(g.key));

  // Email and phone points the matched contacts already have, so none is added twice.
  const havePoint = new Set<string>();
  if (matched.length > 0) {
    const points: { contact_id: string; kind: string; normalized: string }[] = await manager.query(
      "SELECT contact_id, kind, normalized FROM contact_point WHERE tenant_id = ? AND contact_id IN (?) AND kind IN ('EMAIL', 'PHONE')",
      [tenantId, matched.map((g) => matches.get(g.key)!.id)],
    );
    for (const point of points) havePoint.add(`${point.contact_id}:${point.kind}:${point.normalized}`);
  }

  const valuesOf = (record: ContactRecord): Value[] => [
    record.firstName,
    record.lastName,
    record.title,
    record.timeZone,
    record.language,
    record.email?.normalized ?? null,
    record.phone?.normalized ?? null,
  ];
  await insertRows(
    manager,
    "contact",
    ["id", "tenant_id", "external_id", ...CONTACT_DATA, "primary_email", "primary_phone"],
    // An external id still held by a contact merged into this one stays with the merged row.
    matched.map(({ key, record }) => [
      matches.get(key)!.id,
      tenantId,
      record.externalId !== null && byExternalId.get(record.externalId)?.viaMerge ? null : record.externalId,
      ...valuesOf(record),
    ]),
    // A primary email or phone only fills a gap: the contact's own primary point stays primary.
    `${keepUnlessGiven(["external_id", ...CONTACT_DATA])}, primary_email = COALESCE(primary_email, VALUES(primary_email)), primary_phone = COALESCE(primary_phone, VALUES(primary_phone))`,
  );
  const freshIds = await insertContacts(
    manager,
    tenantId,
    fresh.map(({ record }) => [tenantId, batch.ownerId, record.externalId, ...valuesOf(record)]),
    fresh.map(({ key }) => key),
    autoIncrement,
  );
  const contactIdOf = (key: string): string => matches.get(key)?.id ?? freshIds.get(key)!;

  const pointRows: Value[][] = [];
  const linkRows: Value[][] = [];
  for (const { key, record } of groups) {
    const match = matches.get(key);
    const contactId = contactIdOf(key);
    if (record.email && !havePoint.has(`${contactId}:EMAIL:${record.email.normalized}`)) {
      const primary = !match || match.primaryEmail === null;
      pointRows.push([tenantId, contactId, ContactPointKind.EMAIL, record.email.value, record.email.normalized, primary, null]);
    }
    if (record.phone && !havePoint.has(`${contactId}:PHONE:${record.phone.normalized}`)) {
      const primary = !match || match.primaryPhone === null;
      pointRows.push([tenantId, contactId, ContactPointKind.PHONE, record.phone.value, record.phone.normalized, primary, record.phone.country]);
    }
    if (record.accountExternalId !== null) linkRows.push([accountIds.get(record.accountExternalId)!, contactId, tenantId, !match]);
  }
  await insertRows(manager, "contact_point", ["tenant_id", "contact_id", "kind", "value", "normalized", "is_primary", "country"], pointRows);
  // A link that exists already stays as it is (its role and primary flag are the user's).
  await insertRows(manager, "account_contact", ["account_id", "contact_id", "tenant_id", "is_primary"], linkRows, "account_id = account_id");
  return { created: fresh.length, updated: usable.length - fresh.length };
}

/**
 * Inserts new contacts (`rows`, one per key: `ext:<external id>` or `email:<email>`) with one
 * plain multi-row INSERT and answers their ids by key. A concurrent insert of one of the external
 * ids fails the statement on the unique key; importBatch then runs the batch again.
 */
async function insertContacts(manager: EntityManager, tenantId: string, rows: Value[][], keys: string[], autoIncrement: AutoIncrement): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  const result = await insertRows(manager, "contact", ["tenant_id", "owner_id", "external_id", ...CONTACT_DATA, "primary_email", "primary_phone"], rows);
  if (!result) return ids;
  if (result.affectedRows !== rows.length) throw new Error(`Inserted ${result.affectedRows} contacts of ${rows.length}.`);
  if (autoIncrement.consecutive) {
    const first = BigInt(result.insertId);
    keys.forEach((key, index) => ids.set(key, String(first + BigInt(index) * autoIncrement.step)));
    return ids;
  }
  const freshExternal = keys.filter((k) => k.startsWith("ext:")).map((k) => k.slice(4));
  const freshEmails = keys.filter((k) => k.startsWith("email:")).map((k) => k.slice(6));
  const reselect: string[] = [];
  const params: Param[] = [];
  if (freshExternal.length > 0) {
    reselect.push("SELECT id, CONCAT('ext:', external_id) AS k FROM contact WHERE tenant_id = ? AND external_id IN (?)");
    params.push(tenantId, freshExternal);
  }
  if (freshEmails.length > 0) {
    reselect.push(
      "SELECT id, CONCAT('email:', primary_email) AS k FROM contact c WHERE tenant_id = ? AND external_id IS NULL AND primary_email IN (?) AND merged_into_id IS NULL AND erased_at IS NULL",
    );
    params.push(tenantId, freshEmails);
  }
  const found: { id: string; k: string }[] = await manager.query(`${reselect.join(" UNION ALL ")} ORDER BY id`, params);
  // The newest row per key is the one this batch inserted.
  for (const row of found) ids.set(row.k, String(row.id));
  return ids;
}

const ACCOUNT_DATA = ["name", "normalized_name", "domain", "industry", "employee_count", "region", "country"] as const;

/**
 * Accounts are matched by external id; failing that, by normalised name ("ACME, Inc." = "Acme")
 * among live accounts without another external id. The oldest account wins a tie.
 */
async function writeAccounts(manager: EntityManager, batch: ImportBatch, records: AccountRecord[]): Promise<{ created: number; updated: number }> {
  const tenantId = batch.tenantId;
  const externalIds = distinct(records.map((r) => r.externalId));
  const names = distinct(records.map((r) => r.normalizedName));
  const byExternal = externalIds.length > 0 ? "external_id IN (?) OR " : "";
  const found: { id: string; externalId: string | null; normalizedName: string; mergedIntoId: string | null }[] = await manager.query(
    "SELECT id, external_id AS externalId, normalized_name AS normalizedName, merged_into_id AS mergedIntoId FROM account " +
      `WHERE tenant_id = ? AND (${byExternal}(normalized_name IN (?) AND merged_into_id IS NULL)) ORDER BY id DESC`,
    [tenantId, ...(externalIds.length > 0 ? [externalIds] : []), names],
  );
  const byExternalId = new Map<string, { id: string; viaMerge: boolean }>();
  const byName = new Map<string, { id: string; viaMerge: boolean; externalId: string | null }>();
  for (const row of found) {
    const match = { id: String(row.mergedIntoId ?? row.id), viaMerge: row.mergedIntoId !== null };
    if (row.externalId !== null && externalIds.includes(row.externalId)) byExternalId.set(row.externalId, match);
    // Rows come newest first, so the oldest is set last and wins.
    if (row.mergedIntoId === null) byName.set(row.normalizedName, { ...match, externalId: row.externalId });
  }
  const matchOf = (record: AccountRecord) => {
    if (record.externalId === null) return byName.get(record.normalizedName);
    const named = byName.get(record.normalizedName);
    // A row with an external id takes over a same-named account only if that one has none.
    return byExternalId.get(record.externalId) ?? (named?.externalId === null ? named : undefined);
  };
  const groups = mergeByKey(records, (record) => {
    const match = matchOf(record);
    return match ? `id:${match.id}` : record.externalId !== null ? `ext:${record.externalId}` : `name:${record.normalizedName}`;
  });
  const rows: Value[][] = groups.map(({ record }) => {
    const match = matchOf(record);
    return [
      match?.id ?? null,
      tenantId,
      match ? null : batch.ownerId,
      match?.viaMerge ? null : record.externalId,
      record.name,
      record.normalizedName,
      record.domain,
      record.industry,
      record.employeeCount,
      record.region,
      record.country,
    ];
  });
  await insertRows(manager, "account", ["id", "tenant_id", "owner_id", "external_id", ...ACCOUNT_DATA], rows, keepUnlessGiven(["external_id", ...ACCOUNT_DATA]));
  const created = groups.filter((g) => !matchOf(g.record)).length;
  return { created, updated: records.length - created };
}

/** Runs of one batch that lose a race for a new external id before the batch gives up. */
const DUPLICATE_KEY_ATTEMPTS = 3;

/**
 * Writes one batch and the job's progress in one transaction. Running it again for a batch the
 * job has already counted does nothing, and the upserts would not duplicate rows anyway: this is
 * what makes a job retried after a crash safe.
 */
export async function importBatch(dataSource: DataSource, batch: ImportBatch): Promise<BatchOutcome> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await writeBatch(dataSource, batch);
    } catch (error) {
      // Someone created a contact with one of the batch's new external ids after its lookup (another
      // import, a user). The whole batch rolled back; run again, its lookup finds and updates that contact.
      if (!isDuplicateKey(error) || attempt >= DUPLICATE_KEY_ATTEMPTS) throw error;
    }
  }
}

async function writeBatch(dataSource: DataSource, batch: ImportBatch): Promise<BatchOutcome> {
  return dataSource.transaction(async (manager) => {
    // The server's auto-increment settings come with the lock, to save a round trip per batch.
    const [job]: { processed_rows: number; lock_mode: number | string; step: number | string }[] = await manager.query(
      "SELECT processed_rows, @@innodb_autoinc_lock_mode AS lock_mode, @@auto_increment_increment AS step FROM import_job WHERE id = ? AND tenant_id = ? FOR UPDATE",
      [batch.importId, batch.tenantId],
    );
    if (!job) throw new Error(`Import ${batch.importId} of tenant ${batch.tenantId} does not exist.`);
    if (job.processed_rows >= batch.firstRow + batch.rowCount) return { created: 0, updated: 0, failed: 0, skipped: true };
    if (job.processed_rows !== batch.firstRow) throw new Error(`Import ${batch.importId} is at row ${job.processed_rows}; this batch starts at ${batch.firstRow}.`);

    const errors = [...batch.errors];
    const { created, updated } =
      batch.kind === DataTransferKind.CONTACTS
        ? await writeContacts(manager, batch, batch.records as ContactRecord[], errors, { consecutive: Number(job.lock_mode) <= 1, step: BigInt(job.step) })
        : await writeAccounts(manager, batch, batch.records as AccountRecord[]);
    await insertRows(
      manager,
      "import_row_error",
      ["tenant_id", "import_id", "row_number", "field", "code", "message"],
      errors.map((e) => [batch.tenantId, batch.importId, e.rowNumber, e.field, e.code, e.message]),
    );
    const failed = new Set(errors.map((e) => e.rowNumber)).size;
    await manager.query(
      "UPDATE import_job SET processed_rows = ?, created_rows = created_rows + ?, updated_rows = updated_rows + ?, failed_rows = failed_rows + ? WHERE id = ?",
      [batch.firstRow + batch.rowCount, created, updated, failed, batch.importId],
    );
    return { created, updated, failed, skipped: false };
  });
}

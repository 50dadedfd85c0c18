import { writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { validateRow } from "../../core/data-transfer/columns";
import { DataTransferKind, ImportJob, JobStatus } from "../../core/data-transfer/data-transfer.entities";
import { importBatch, type ImportBatch } from "../../core/data-transfer/import-batch";
import { runImport, type ImportPayload } from "../../core/data-transfer/import.job";
import { TenantScope } from "../../core/db/tenant-scope";
import { ImportJobErrorsDocument, ImportJobsDocument, ImportStartDocument } from "../../schema/generated/graphql";
import { platformEnv, runToExit, REPO_ROOT } from "../harness/child-process";
import { csv, download, importEnded, uploadCsv } from "../harness/data-transfer";
import { TestApp } from "../harness/test-app";
import { tokenFor } from "../harness/test-auth";

const CONTACT_HEADER = ["external_id", "first_name", "last_name", "email", "phone", "country", "time_zone", "language", "title"];

/** Twenty people; rows 3, 7 and 12 of the spreadsheet (data rows 2, 6, 11) are bad. */
function people(): (string | null)[][] {
  return Array.from({ length: 20 }, (_, i) => {
    const n = i + 1;
    const row: (string | null)[] = [`P${n}`, `First${n}`, `Last${n}`, `person${n}@example.com`, `01 42 68 53 ${String(n).padStart(2, "0")}`, null, "Europe/Paris", "fr-fr", null];
    if (n === 2) row[3] = "not-an-email";
    if (n === 6) row[2] = "";
    if (n === 11) {
      row[6] = "Mars/Olympus";
      row[8] = "x".repeat(121);
    }
    if (n === 15) {
      row[4] = "+44 20 7946 0958";
      row[5] = "GB";
    }
    return row;
  });
}

describe("CSV import", () => {
  let app: TestApp;
  const importer = (tenantId = "1") => tokenFor({ tenantId, id: "7", permissions: ["data.import"] });
  const client = (tenantId = "1") => app.client.as(importer(tenantId));
  const count = async (sql: string, params: unknown[] = []) => Number((await app.query<{ n: string }>(sql, params))[0]!.n);

  beforeAll(async () => {
    app = await TestApp.start({ workers: true, env: { IMPORT_MAX_BYTES: "20000", IMPORT_BATCH_SIZE: "7" } });
  });
  afterAll(() => app.stop());

  async function importFile(kind: string, body: string | Buffer, tenantId = "1", query: Record<string, string> = {}) {
    const upload = await uploadCsv(app, importer(tenantId), kind, body, query);
    expect(upload.status).toBe(202);
    return importEnded(client(tenantId), upload.json().id);
  }

  describe("contacts", () => {
    const file = csv(CONTACT_HEADER, people());

    it("imports the good rows, reports every bad row, and writes a downloadable report", async () => {
      const job = await importFile("CONTACTS", file, "1", { country: "FR" });
      expect(job).toMatchObject({ status: "COMPLETED", error: null, totalRows: 20, processedRows: 20, createdRows: 17, updatedRows: 0, failedRows: 3 });

      const { importJob } = await client().data(ImportJobErrorsDocument, { id: job.id, first: 10 });
      expect(importJob!.errors.nodes).toEqual([
        { rowNumber: 3, field: "email", code: "INVALID", message: "'not-an-email' is not an email address." },
        { rowNumber: 7, field: "last_name", code: "REQUIRED", message: "last_name is required." },
        { rowNumber: 12, field: "title", code: "TOO_LONG", message: "title is longer than 120 characters." },
        { rowNumber: 12, field: "time_zone", code: "INVALID", message: "'Mars/Olympus' is not an IANA time zone." },
      ]);

      const report = await download(app, importer(), job.report!.downloadUrl);
      expect(report.status).toBe(200);
      expect(report.headers.get("content-type")).toMatch(/^text\/csv/);
      expect(report.body.toString("utf8").split("\n")).toEqual([
        "row_number,field,code,message",
        "3,email,INVALID,'not-an-email' is not an email address.",
        "7,last_name,REQUIRED,last_name is required.",
        "12,title,TOO_LONG,title is longer than 120 characters.",
        "12,time_zone,INVALID,'Mars/Olympus' is not an IANA time zone.",
        "",
      ]);

      const [first] = await app.query<Record<string, unknown>>(
        "SELECT first_name, last_name, primary_email, primary_phone, time_zone, language, owner_id FROM contact WHERE tenant_id = 1 AND external_id = 'P1'",
      );
      // The phone took the default country (FR); row 15's `country` cell said GB.
      expect(first).toEqual({
        first_name: "First1",
        last_name: "Last1",
        primary_email: "person1@example.com",
        primary_phone: "+33142685301",
        time_zone: "Europe/Paris",
        language: "fr-FR",
        owner_id: "7",
      });
      expect(await app.query("SELECT primary_phone FROM contact WHERE tenant_id = 1 AND external_id = 'P15'")).toEqual([{ primary_phone: "+442079460958" }]);
      const points = await app.query<{ kind: string; is_primary: number; normalized: string }>(
        "SELECT p.kind, p.is_primary, p.normalized FROM contact_point p JOIN contact c ON c.id = p.contact_id WHERE c.external_id = 'P1' ORDER BY p.kind",
      );
      expect(points).toEqual([
        { kind: "EMAIL", is_primary: 1, normalized: "person1@example.com" },
        { kind: "PHONE", is_primary: 1, normalized: "+33142685301" },
      ]);

      // One audit entry for the whole import, none per row; and the completion event.
      const audit = await app.query<{ entity_type: string; operation: string; actor: string }>(
        "SELECT entity_type, operation, actor FROM audit_entry WHERE tenant_id = 1 AND entity_type IN ('ImportJob', 'Contact', 'ContactPoint')",
      );
      expect(audit).toEqual([{ entity_type: "ImportJob", operation: "importUpload", actor: "staff:7" }]);
      const [event] = await app.query<{ payload: string }>("SELECT payload FROM outbox_event WHERE type = 'core.import.completed.v1'");
      expect(JSON.parse(event!.payload)).toMatchObject({ kind: "CONTACTS", createdRows: 17, failedRows: 3 });
    });

    it("updates on a second import of the same file instead of duplicating", async () => {
      const before = await count("SELECT COUNT(*) AS n FROM contact WHERE tenant_id = 1");
      const job = await importFile("CONTACTS", file, "1", { country: "FR" });
      expect(job).toMatchObject({ status: "COMPLETED", createdRows: 0, updatedRows: 17, failedRows: 3 });
      expect(await count("SELECT COUNT(*) AS n FROM contact WHERE tenant_id = 1")).toBe(before);
      expect(await count("SELECT COUNT(*) AS n FROM contact_point WHERE tenant_id = 1")).toBe(34);
    });

    it("matches by email when there is no external id, and leaves stored values where a cell is empty", async () => {
      const job = await importFile("CONTACTS", csv(["email", "first_name", "last_name", "title"], [["PERSON3@example.com", "Third", "Person", null]]));
      expect(job).toMatchObject({ status: "COMPLETED", createdRows: 0, updatedRows: 1 });
      expect(await app.query("SELECT first_name, title, time_zone, external_id FROM contact WHERE tenant_id = 1 AND primary_email = 'person3@example.com'")).toEqual([
        { first_name: "Third", title: null, time_zone: "Europe/Paris", external_id: "P3" },
      ]);
    });

    it.each([
      ["a new external id first, then the same id on an existing contact's email", [["N1", "new1@example.com"], ["N1", "known@example.com"]]],
      ["an existing contact's email first, then the same new external id", [["N2", "known@example.com"], ["N2", "new2@example.com"]]],
    ])("gives an external id to one contact only when a batch names it twice: %s", async (_, rows) => {
      const tenantId = rows[0]![0] === "N1" ? "31" : "32";
      await importFile("CONTACTS", csv(["email", "first_name", "last_name"], [["known@example.com", "Known", "Person"]]), tenantId);
      const contacts = () => count("SELECT COUNT(*) AS n FROM contact WHERE tenant_id = ?", [tenantId]);
      const before = await contacts();
      const job = await importFile("CONTACTS", csv(["external_id", "email", "first_name", "last_name"], rows.map(([id, email]) => [id!, email!, "Same", "Person"])), tenantId);
      expect(job.status).toBe("COMPLETED");
      expect(job.createdRows + job.updatedRows + job.failedRows).toBe(2);
      expect(await contacts()).toBe(before + job.createdRows);
      expect(await count("SELECT COUNT(*) AS n FROM contact WHERE tenant_id = ? AND external_id = ?", [tenantId, rows[0]![0]])).toBe(1);
      const primaries = await app.query<{ n: string }>(
        "SELECT COUNT(*) AS n FROM contact_point WHERE tenant_id = ? AND kind = 'EMAIL' AND is_primary = 1 GROUP BY contact_id ORDER BY n DESC LIMIT 1",
        [tenantId],
      );
      expect(Number(primaries[0]!.n)).toBe(1);
    });

    it("keeps tenants apart: the same file in another tenant creates that tenant's own contacts", async () => {
      const job = await importFile("CONTACTS", file, "2", { country: "FR" });
      expect(job).toMatchObject({ createdRows: 17, updatedRows: 0 });
      expect(await count("SELECT COUNT(*) AS n FROM contact WHERE tenant_id = 2")).toBe(17);
      expect(await client("2").data(ImportJobErrorsDocument, { id: (await importFile("CONTACTS", file, "1", { country: "FR" })).id })).toEqual({ importJob: null });
      const { importJobs } = await client("2").data(ImportJobsDocument, { first: 10 });
      expect(importJobs.nodes).toEqual([expect.objectContaining({ id: job.id, kind: "CONTACTS", status: "COMPLETED" })]);
    });
  });

  describe("accounts and links", () => {
    it("matches accounts by external id, else by normalised name, and links contacts through account_external_id", async () => {
      const first = await importFile("ACCOUNTS", csv(["external_id", "name", "domain", "employee_count", "country"], [["A1", "Acme", "https://www.acme.example/about", "120", "fr"], [null, "Globex Corporation", null, "x", null]]));
      expect(first).toMatchObject({ status: "COMPLETED", createdRows: 1, failedRows: 1 });
      const second = await importFile("ACCOUNTS", csv(["name", "industry"], [["ACME, Inc.", "Explosives"], ["Initech", null]]));
      expect(second).toMatchObject({ createdRows: 1, updatedRows: 1 });
      expect(await app.query("SELECT name, domain, industry, employee_count, country, external_id FROM account WHERE tenant_id = 1 ORDER BY id")).toEqual([
        { name: "ACME, Inc.", domain: "www.acme.example", industry: "Explosives", employee_count: 120, country: "FR", external_id: "A1" },
        { name: "Initech", domain: null, industry: null, employee_count: null, country: null, external_id: null },
      ]);

      const contacts = await importFile("CONTACTS", csv(["external_id", "first_name", "last_name", "account_external_id"], [["L1", "Lou", "Link", "A1"], ["L2", "Nob", "Ody", "NOPE"]]));
      expect(contacts).toMatchObject({ createdRows: 1, failedRows: 1 });
      const { importJob } = await client().data(ImportJobErrorsDocument, { id: contacts.id });
      expect(importJob!.errors.nodes).toEqual([{ rowNumber: 3, field: "account_external_id", code: "NOT_FOUND", message: "No account has the external id 'NOPE'." }]);
      expect(await app.query("SELECT a.external_id FROM account_contact l JOIN account a ON a.id = l.account_id JOIN contact c ON c.id = l.contact_id WHERE c.external_id = 'L1'")).toEqual([
        { external_id: "A1" },
      ]);
    });
  });

  describe("bad files fail with a clear error and write nothing", () => {
    let contactsBefore: number;
    beforeEach(async () => {
      contactsBefore = await count("SELECT COUNT(*) AS n FROM contact");
    });
    afterEach(async () => {
      expect(await count("SELECT COUNT(*) AS n FROM contact")).toBe(contactsBefore);
    });

    it.each([
      ["Latin-1 bytes", Buffer.from("first_name,last_name,email\nJos\xe9,Garc\xeda,jose@example.com\n", "latin1"), /not UTF-8: line 2 /],
      ["UTF-16", Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("first_name,last_name\nA,B\n", "utf16le")]), /UTF-16/],
      ["unknown columns", "first_name,last_name,email,shoe_size,Star Sign\nA,B,a@b.example,42,Leo\n", /unknown columns 'shoe_size', 'star_sign'/],
      ["missing columns", "first_name,email\nA,a@b.example\n", /missing required column 'last_name'/],
      ["an empty file", "", /The file is empty/],
      ["a header alone", "first_name,last_name,email\n", /header but no rows/],
      ["an unclosed quote", 'first_name,last_name,email\n"A,B,a@b.example\n', /never closed/],
    ])("%s", async (_name, body, error) => {
      const job = await importFile("CONTACTS", body);
      expect(job).toMatchObject({ status: "FAILED", processedRows: 0, createdRows: 0, failedRows: 0, report: null });
      expect(job.error).toMatch(error);
      expect(await count("SELECT COUNT(*) AS n FROM import_row_error WHERE import_id = ?", [Buffer.from(job.id, "base64url").toString().split(":")[1]])).toBe(0);
    });

    it("reads the UTF-8 byte order mark, semicolons and header spellings as a spreadsheet writes them", async () => {
      const job = await importFile("CONTACTS", Buffer.from("\uFEFFFirst Name;LAST-NAME;E-mail\nZoé;Ünal;zoe@example.com\n".replace("E-mail", "email"), "utf8"));
      expect(job).toMatchObject({ status: "COMPLETED", createdRows: 1 });
      expect(await app.query("SELECT first_name, last_name FROM contact WHERE primary_email = 'zoe@example.com'")).toEqual([{ first_name: "Zoé", last_name: "Ünal" }]);
      contactsBefore++;
    });
  });

  describe("access", () => {
    it("needs a signed-in principal with data.import, and a sane request", async () => {
      const body = csv(["first_name", "last_name", "email"], [["A", "B", "a@b.example"]]);
      expect((await uploadCsv(app, null, "CONTACTS", body)).status).toBe(401);
      const reader = tokenFor({ tenantId: "1", permissions: ["contacts.read"] });
      const forbidden = await uploadCsv(app, reader, "CONTACTS", body);
      expect(forbidden.status).toBe(403);
      expect(forbidden.json().errors?.[0]?.extensions.code).toBe("FORBIDDEN");
      expect((await uploadCsv(app, importer(), "DEALS", body)).status).toBe(400);
      expect((await uploadCsv(app, importer(), "CONTACTS", body, { country: "XX" })).status).toBe(400);
      const tooLarge = await uploadCsv(app, importer(), "CONTACTS", "a".repeat(20_001));
      expect(tooLarge.status).toBe(413);
      const response = await app.client.as(reader).request(ImportStartDocument, { input: { fileId: "x", kind: "CONTACTS" } });
      expect(response.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    });

    it("starts an import of a stored file with importStart, but not of another tenant's file", async () => {
      const upload = await uploadCsv(app, importer("2"), "CONTACTS", csv(["first_name", "last_name", "email"], [["Other", "Tenant", "other@example.com"]]));
      const theirs = upload.json().fileId;
      const { importStart: refused } = await client("1").data(ImportStartDocument, { input: { fileId: theirs, kind: "CONTACTS" } });
      expect(refused).toEqual({ importJob: null, userErrors: [{ field: ["input", "fileId"], code: "NOT_FOUND", message: "No such file." }] });
      await importEnded(client("2"), upload.json().id);
      // The same country codes as the upload and the CLI: "XX" has the shape but no phone numbering.
      const { importStart: badCountry } = await client("2").data(ImportStartDocument, { input: { fileId: theirs, kind: "CONTACTS", defaultCountry: "XX" } });
      expect(badCountry).toMatchObject({ importJob: null, userErrors: [{ field: ["input", "defaultCountry"], code: "INVALID" }] });
      const { importStart } = await client("2").data(ImportStartDocument, { input: { fileId: theirs, kind: "CONTACTS", defaultCountry: "de" } });
      expect(importStart.userErrors).toEqual([]);
      expect(await importEnded(client("2"), importStart.importJob!.id)).toMatchObject({ status: "COMPLETED", updatedRows: 1, file: { id: theirs } });
    });
  });

  describe("a job that crashes and runs again", () => {
    it("neither duplicates rows nor counts a batch twice", async () => {
      const rows = Array.from({ length: 25 }, (_, i) => [`R${i}`, `Re${i}`, `Try${i}`, `retry${i}@example.com`]);
      const header = ["external_id", "first_name", "last_name", "email"];
      const scope = new TenantScope(app.services.dataSource.manager, "3");
      const file = await app.services.files.write(scope, { name: "retry.csv", contentType: "text/csv" }, csv(header, rows));
      // Recorded but never queued: the test plays the worker.
      const job = await scope.save(scope.create(ImportJob, { kind: DataTransferKind.CONTACTS, status: JobStatus.RUNNING, fileId: file.id }));
      const payload: ImportPayload = { tenantId: "3", importId: job.id, actor: "staff:9", requestId: null, operation: null, ownerId: "9", defaultCountry: null };
      const firstBatch: ImportBatch = { tenantId: "3", importId: job.id, kind: DataTransferKind.CONTACTS, firstRow: 0, rowCount: 10, records: [], errors: [], ownerId: "9" };
      rows.slice(0, 10).forEach((cells, i) => {
        const record = validateRow(DataTransferKind.CONTACTS, header, cells, i + 2, {});
        if (Array.isArray(record)) throw new Error("valid rows expected");
        firstBatch.records.push(record);
      });

      expect(await importBatch(app.services.dataSource, firstBatch)).toEqual({ created: 10, updated: 0, failed: 0, skipped: false });
      // The worker died after the commit; the retried job meets the same batch again.
      expect(await importBatch(app.services.dataSource, firstBatch)).toEqual({ created: 0, updated: 0, failed: 0, skipped: true });
      const resumed = await runImport(app.services, payload, { batchSize: 10 });
      expect(resumed).toMatchObject({ status: JobStatus.COMPLETED, processedRows: 25, createdRows: 25, updatedRows: 0, totalRows: 25 });
      expect(await count("SELECT COUNT(*) AS n FROM contact WHERE tenant_id = 3")).toBe(25);

      // Even with its progress lost, a rerun updates what is there rather than adding to it.
      await app.query("UPDATE import_job SET status = 'RUNNING', processed_rows = 0, created_rows = 0 WHERE id = ?", [job.id]);
      const again = await runImport(app.services, payload, { batchSize: 10 });
      expect(again).toMatchObject({ processedRows: 25, createdRows: 0, updatedRows: 25 });
      expect(await count("SELECT COUNT(*) AS n FROM contact WHERE tenant_id = 3")).toBe(25);
      expect(await count("SELECT COUNT(*) AS n FROM contact_point WHERE tenant_id = 3")).toBe(25);
    });
  });

  describe("npm run import", () => {
    // The CLI stores the file and this process's workers read it: one store for both.
    const cliEnv = () => platformEnv(app.config, { FILE_STORAGE_DIR: app.config.FILE_STORAGE_DIR });

    it("imports a file for a tenant named by slug, with a progress bar and a summary", async () => {
      await app.query("INSERT INTO tenant (slug, name) VALUES ('cli-co', 'CLI Co')");
      const [{ id: tenantId }] = await app.query<{ id: string }>("SELECT id FROM tenant WHERE slug = 'cli-co'");
      const path = join(tmpdir(), `crm-cli-import-${process.pid}.csv`);
      await writeFile(path, csv(["external_id", "first_name", "last_name", "phone"], [["C1", "Cli", "One", "06 12 34 56 78"], ["C2", "Cli", "Two", "not a phone"]]));
      const run = await runToExit(process.execPath, [join(REPO_ROOT, "dist", "bin", "import.js"), path, "--tenant", "cli-co", "--kind", "contacts", "--country", "FR"], cliEnv());
      expect(run.stderr).toBe("");
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/Importing contacts \|.*\| 2\/2 rows/);
      expect(run.stdout).toMatch(/COMPLETED: 1 created, 0 updated, 1 failed of 2 rows/);
      expect(run.stdout).toMatch(/Error report: .*\/files\//);
      expect(await app.query("SELECT primary_phone, owner_id FROM contact WHERE tenant_id = ? AND external_id = 'C1'", [tenantId])).toEqual([{ primary_phone: "+33612345678", owner_id: null }]);

      const bad = await runToExit(process.execPath, [join(REPO_ROOT, "dist", "bin", "import.js"), path, "--tenant", "cli-co", "--kind", "accounts"], cliEnv());
      expect(bad.code).toBe(1);
      expect(bad.stdout).toMatch(/FAILED: The header does not fit an import of accounts/);
      const unknown = await runToExit(process.execPath, [join(REPO_ROOT, "dist", "bin", "import.js"), path, "--tenant", "nobody", "--kind", "contacts"], cliEnv());
      expect(unknown.code).toBe(1);
      expect(unknown.stderr).toMatch(/No tenant has the slug 'nobody'/);
    });
  });
});

import { parse } from "csv-parse/sync";
import { ExportJobDocument, ExportStartDocument, type ExportJobQuery, type ExportStartInput } from "../../schema/generated/graphql";
import { csv, download, importEnded, uploadCsv } from "../harness/data-transfer";
import { TestApp } from "../harness/test-app";
import { tokenFor } from "../harness/test-auth";
import { waitFor } from "../harness/wait";

type ExportView = NonNullable<ExportJobQuery["exportJob"]>;

describe("export", () => {
  let app: TestApp;
  const exporter = (tenantId = "1") => tokenFor({ tenantId, permissions: ["data.export"] });
  const importer = (tenantId = "1") => tokenFor({ tenantId, id: "5", permissions: ["data.import"] });

  beforeAll(async () => {
    app = await TestApp.start({ workers: true });
    const people: (string | null)[][] = Array.from({ length: 12 }, (_, i) => [`E${i}`, `Name${i}`, `Surname${i}`, `e${i}@example.com`, "+33 1 42 68 53 00"]);
    people.push(["EVIL", "=HYPERLINK(\"http://evil.example\")", "-2+3", "evil@example.com", null]);
    for (const tenantId of ["1", "2"]) {
      const upload = await uploadCsv(app, importer(tenantId), "CONTACTS", csv(["external_id", "first_name", "last_name", "email", "phone"], tenantId === "1" ? people : people.slice(0, 2)));
      await importEnded(app.client.as(importer(tenantId)), upload.json().id);
    }
    await uploadCsv(app, importer(), "ACCOUNTS", csv(["external_id", "name", "employee_count"], [["A1", "Acme", "10"], ["A2", "Globex", null]])).then((u) =>
      importEnded(app.client.as(importer()), u.json().id),
    );
    const [{ id }] = await app.query<{ id: string }>("SELECT id FROM contact WHERE tenant_id = 1 AND external_id = 'E3'");
    await app.query("INSERT INTO record_tag (tenant_id, record_type, record_id, tag) VALUES (1, 'Contact', ?, 'vip')", [id]);
  });
  afterAll(() => app.stop());

  async function exportOf(input: ExportStartInput, tenantId = "1"): Promise<ExportView> {
    const client = app.client.as(exporter(tenantId));
    const { exportStart } = await client.data(ExportStartDocument, { input });
    expect(exportStart.userErrors).toEqual([]);
    return waitFor<ExportView | undefined>(`export ${exportStart.exportJob!.id}`, async () => {
      const { exportJob } = await client.data(ExportJobDocument, { id: exportStart.exportJob!.id });
      return exportJob && (exportJob.status === "COMPLETED" || exportJob.status === "FAILED") ? exportJob : undefined;
    }).then((view) => view!);
  }

  it("writes the tenant's contacts as CSV, with the import's column names and formulas defused", async () => {
    const job = await exportOf({ kind: "CONTACTS", format: "CSV" });
    expect(job).toMatchObject({ status: "COMPLETED", rows: 13, file: { name: expect.stringMatching(/^contacts-\d+\.csv$/), contentType: "text/csv; charset=utf-8" } });
    const file = await download(app, exporter(), job.file!.downloadUrl);
    const rows = parse(file.body, { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(13);
    expect(Object.keys(rows[0]!)).toEqual(["id", "external_id", "first_name", "last_name", "title", "email", "phone", "time_zone", "language", "created_at", "updated_at"]);
    expect(rows[0]).toMatchObject({ external_id: "E0", first_name: "Name0", email: "e0@example.com", phone: "+33142685300", title: "" });
    expect(rows.at(-1)).toMatchObject({ first_name: "'=HYPERLINK(\"http://evil.example\")", last_name: "'-2+3" });
  });

  it("writes JSON Lines, and filters by tag", async () => {
    const job = await exportOf({ kind: "CONTACTS", format: "JSONL", filter: { tag: "vip" } });
    expect(job).toMatchObject({ status: "COMPLETED", rows: 1, file: { contentType: "application/x-ndjson" } });
    const lines = (await download(app, exporter(), job.file!.downloadUrl)).body.toString("utf8").trim().split("\n");
    expect(lines.map((line) => JSON.parse(line))).toEqual([expect.objectContaining({ external_id: "E3", first_name: "Name3", title: null })]);
  });

  it("exports accounts, and only the tenant's own", async () => {
    const job = await exportOf({ kind: "ACCOUNTS", format: "JSONL" });
    const lines = (await download(app, exporter(), job.file!.downloadUrl)).body.toString("utf8").trim().split("\n");
    expect(lines.map((line) => JSON.parse(line))).toEqual([
      expect.objectContaining({ external_id: "A1", name: "Acme", employee_count: 10 }),
      expect.objectContaining({ external_id: "A2", name: "Globex", employee_count: null }),
    ]);
    const theirs = await exportOf({ kind: "CONTACTS", format: "CSV" }, "2");
    expect(theirs.rows).toBe(2);
    expect((await download(app, exporter("1"), theirs.file!.downloadUrl)).status).toBe(404);
    expect((await app.client.as(exporter("1")).data(ExportJobDocument, { id: theirs.id })).exportJob).toBeNull();
  });

  it("round-trips: an export imports again as updates", async () => {
    const job = await exportOf({ kind: "CONTACTS", format: "CSV" });
    const file = await download(app, exporter(), job.file!.downloadUrl);
    const upload = await uploadCsv(app, importer(), "CONTACTS", file.body);
    expect(await importEnded(app.client.as(importer()), upload.json().id)).toMatchObject({ status: "COMPLETED", createdRows: 0, updatedRows: 13, failedRows: 0 });
  });

  it("needs data.export", async () => {
    const response = await app.client.as(importer()).request(ExportStartDocument, { input: { kind: "CONTACTS", format: "CSV" } });
    expect(response.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    const job = await exportOf({ kind: "ACCOUNTS", format: "CSV" });
    expect((await download(app, importer(), job.file!.downloadUrl)).status).toBe(403);
  });
});

import { Account } from "../../core/accounts/account.entity";
import { ConsentRecord, ConsentStatus, MessagePurpose } from "../../core/consent/consent.entities";
import { ContactPoint, ContactPointKind } from "../../core/contacts/contact-point.entity";
import { Contact } from "../../core/contacts/contact.entity";
import type { UnitOfWork } from "../../core/db/unit-of-work";
import { toGlobalId } from "../../core/graphql/relay/global-id";
import { GdprEraseDocument, GdprExportDocument, GdprRequestDocument, type GdprRequestQuery } from "../../schema/generated/graphql";
import { download } from "../harness/data-transfer";
import { addMemo, memosModule } from "../harness/fixtures/memos";
import { TestApp } from "../harness/test-app";
import { tokenFor } from "../harness/test-auth";
import { waitFor } from "../harness/wait";

type RequestView = NonNullable<GdprRequestQuery["gdprRequest"]>;

/** Every piece of the person's data carries this, so a scan of every text column finds any leftover. */
const MARKER = "Zebulon";

describe("GDPR", () => {
  let app: TestApp;
  let person: Contact;
  let other: Contact;
  const officer = (tenantId = "1") => tokenFor({ tenantId, id: "3", permissions: ["gdpr.manage"] });
  const client = (tenantId = "1") => app.client.as(officer(tenantId));

  const work = (operation: string) => ({ tenantId: "1", actor: "staff:3", requestId: null, operation });
  const inTenant = <T>(operation: string, body: (uow: UnitOfWork) => Promise<T>) => app.services.transactions.run(work(operation), body);

  beforeAll(async () => {
    app = await TestApp.start({ workers: true, modules: [memosModule] });
    // Through the unit of work and the scope, so the audit log records the changes as the API would.
    [person, other] = await inTenant("seed", async (uow) => {
      const zeb = await uow.scope.save(
        uow.scope.create(Contact, { firstName: MARKER, lastName: "Quixote", externalId: "ZQ-1", primaryEmail: "zebulon@example.com", primaryPhone: "+33142685300", title: "Chief Zebulon Officer" }),
      );
      const someone = await uow.scope.save(uow.scope.create(Contact, { firstName: "Other", lastName: "Person", primaryEmail: "other@example.com" }));
      for (const [kind, value] of [[ContactPointKind.EMAIL, "zebulon@example.com"], [ContactPointKind.PHONE, "+33142685300"], [ContactPointKind.POSTAL, "1 Zebulon Street"]] as const) {
        await uow.scope.save(uow.scope.create(ContactPoint, { contactId: zeb.id, kind, value, normalized: value.toLowerCase(), isPrimary: true }));
      }
      const account = await uow.scope.save(uow.scope.create(Account, { name: "Acme", normalizedName: "acme" }));
      await uow.manager.query("INSERT INTO account_contact (account_id, contact_id, tenant_id, role) VALUES (?, ?, 1, 'Zebulon-in-chief')", [account.id, zeb.id]);
      await uow.manager.query("INSERT INTO record_tag (tenant_id, record_type, record_id, tag) VALUES (1, 'Contact', ?, 'zebulon-fan')", [zeb.id]);
      await uow.scope.save(
        uow.scope.create(ConsentRecord, {
          contactId: zeb.id,
          channel: ContactPointKind.EMAIL,
          purpose: MessagePurpose.MARKETING,
          status: ConsentStatus.GRANTED,
          source: "web form",
          recordedAt: new Date("2026-01-02T03:04:05Z"),
          evidence: "Ticked by Zebulon from 203.0.113.7",
        }),
      );
      await uow.manager.query("INSERT INTO contact_policy (contact_id, tenant_id, quiet_hours_start, quiet_hours_end) VALUES (?, 1, '22:00', '07:00')", [zeb.id]);
      await uow.manager.query(
        "INSERT INTO contact_decision (tenant_id, contact_id, channel, purpose, verdict, reason, reason_code, requested_by, counted, decided_at) VALUES (1, ?, 'EMAIL', 'MARKETING', 'ALLOWED_NOW', 'allowed', 'ALLOWED', 'core', 1, NOW(3))",
        [zeb.id],
      );
      for (const [subject, body, contacts] of [
        ["Call with Zebulon", "Zebulon asked about prices", [zeb.id]],
        ["Quarterly review", "Both attended", [zeb.id, someone.id]],
      ] as const) {
        const { insertId } = (await uow.manager.query(
          "INSERT INTO interaction (tenant_id, channel, direction, occurred_at, subject, body) VALUES (1, 'PHONE', 'INBOUND', '2026-02-03 10:00:00', ?, ?)",
          [subject, body],
        )) as { insertId: number };
        for (const contactId of contacts) {
          await uow.manager.query(
            "INSERT INTO interaction_participant (interaction_id, participant_key, tenant_id, contact_id, channel, occurred_at) VALUES (?, ?, 1, ?, 'PHONE', '2026-02-03 10:00:00')",
            [insertId, `c${contactId}`, contactId],
          );
        }
      }
      await addMemo(uow.manager, "1", zeb.id, "Zebulon likes tea");
      await addMemo(uow.manager, "1", someone.id, "Other likes coffee");
      return [zeb, someone];
    });
    await inTenant("contactUpdate", async (uow) => {
      const zeb = (await uow.scope.findOneBy(Contact, { id: person.id }))!;
      zeb.lastName = "Quixote-Zebulonsson";
      await uow.scope.save(zeb);
    });
  });
  afterAll(() => app.stop());

  async function ended(id: string, tenantId = "1"): Promise<RequestView> {
    return waitFor<RequestView | undefined>(`GDPR request ${id}`, async () => {
      const { gdprRequest } = await client(tenantId).data(GdprRequestDocument, { id });
      return gdprRequest && (gdprRequest.status === "COMPLETED" || gdprRequest.status === "FAILED") ? gdprRequest : undefined;
    }).then((view) => view!);
  }

  /** Table and column of every text cell in the database that still mentions the person. */
  async function leftovers(): Promise<string[]> {
    const columns = await app.query<{ table_name: string; column_name: string }>(
      "SELECT table_name AS table_name, column_name AS column_name FROM information_schema.columns " +
        "WHERE table_schema = DATABASE() AND data_type IN ('char', 'varchar', 'text', 'mediumtext', 'longtext')",
    );
    const found: string[] = [];
    for (const { table_name: table, column_name: column } of columns) {
      const [{ n }] = await app.query<{ n: string }>(`SELECT COUNT(*) AS n FROM \`${table}\` WHERE \`${column}\` LIKE ?`, [`%${MARKER}%`]);
      if (Number(n) > 0) found.push(`${table}.${column}`);
    }
    return found;
  }

  let exportUrl: string;

  it("exports everything about a person, from core and from every module's hook, as one JSON document", async () => {
    const { gdprExport } = await client().data(GdprExportDocument, { input: { contactId: toGlobalId("Contact", person.id) } });
    expect(gdprExport.userErrors).toEqual([]);
    const request = await ended(gdprExport.gdprRequest!.id);
    expect(request).toMatchObject({ kind: "EXPORT", status: "COMPLETED", contactId: toGlobalId("Contact", person.id), file: { contentType: "application/json" } });
    exportUrl = request.file!.downloadUrl;
    const document = JSON.parse((await download(app, officer(), exportUrl)).body.toString("utf8"));
    expect(document).toMatchObject({
      format: "crm.gdpr-export.v1",
      contact: { firstName: MARKER, lastName: "Quixote-Zebulonsson", primaryEmail: "zebulon@example.com", externalId: "ZQ-1" },
      accounts: [{ name: "Acme", role: "Zebulon-in-chief" }],
      tags: ["zebulon-fan"],
      consent: [{ status: "GRANTED", evidence: "Ticked by Zebulon from 203.0.113.7" }],
      contactPolicy: { quietHoursStart: "22:00" },
      contactDecisions: [{ verdict: "ALLOWED_NOW" }],
      modules: { memos: { memos: ["Zebulon likes tea"] } },
    });
    expect(document.contactPoints.map((p: { kind: string }) => p.kind)).toEqual(["EMAIL", "PHONE", "POSTAL"]);
    expect(document.interactions.map((i: { subject: string }) => i.subject)).toEqual(["Call with Zebulon", "Quarterly review"]);
    expect(document.auditEntries).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ entityType: "Contact", operation: "contactUpdate", changes: { lastName: { before: "Quixote", after: "Quixote-Zebulonsson" } } }),
        expect.objectContaining({ entityType: "ContactPoint", action: "INSERT" }),
      ]),
    );
    // The archive is for GDPR officers only, and for this tenant only.
    expect((await download(app, tokenFor({ tenantId: "1", permissions: ["data.export", "contacts.read"] }), exportUrl)).status).toBe(403);
    expect((await download(app, officer("2"), exportUrl)).status).toBe(404);
  });

  it("refuses without gdpr.manage, and for another tenant's contact", async () => {
    const input = { contactId: toGlobalId("Contact", person.id) };
    const forbidden = await app.client.as(tokenFor({ tenantId: "1", permissions: ["contacts.write"] })).request(GdprEraseDocument, { input });
    expect(forbidden.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    const { gdprErase } = await client("2").data(GdprEraseDocument, { input });
    expect(gdprErase).toEqual({ gdprRequest: null, userErrors: [{ field: ["input", "contactId"], code: "NOT_FOUND", message: "No such contact." }] });
    expect(await app.query("SELECT first_name FROM contact WHERE id = ?", [person.id])).toEqual([{ first_name: MARKER }]);
  });

  it("erases the person everywhere in one go, leaving a tombstone and no personal data", async () => {
    // A long-lived record's trail: more entries than one redaction statement takes.
    const trail = Array.from({ length: 650 }, (_, i) => [person.id, JSON.stringify({ title: { before: `${MARKER} ${i}`, after: `${MARKER} ${i + 1}` } })]);
    await app.query(
      `INSERT INTO audit_entry (tenant_id, action, entity_type, entity_id, changes) VALUES ${trail.map(() => "(1, 'UPDATE', 'Contact', ?, ?)").join(", ")}`,
      trail.flat(),
    );
    const { gdprErase } = await client().data(GdprEraseDocument, { input: { contactId: toGlobalId("Contact", person.id) } });
    expect(await ended(gdprErase.gdprRequest!.id)).toMatchObject({ kind: "ERASE", status: "COMPLETED", error: null });

    expect(await leftovers()).toEqual([]);
    expect(await app.query("SELECT first_name, last_name, title, external_id, primary_email, primary_phone, erased_at IS NOT NULL AS erased FROM contact WHERE id = ?", [person.id])).toEqual([
      { first_name: "Erased", last_name: "Erased", title: null, external_id: null, primary_email: null, primary_phone: null, erased: 1 },
    ]);
    for (const table of ["contact_point", "account_contact", "contact_policy", "memo"]) {
      expect(await app.query(`SELECT * FROM ${table} WHERE contact_id = ?`, [person.id])).toEqual([]);
    }
    expect(await app.query("SELECT * FROM record_tag WHERE record_id = ? AND record_type = 'Contact'", [person.id])).toEqual([]);
    // Consent facts stay as proof; their evidence goes.
    expect(await app.query("SELECT status, source, evidence FROM consent_record WHERE contact_id = ?", [person.id])).toEqual([{ status: "GRANTED", source: "web form", evidence: null }]);
    // Their own call loses its text; the meeting they shared with someone else keeps it.
    expect(await app.query("SELECT subject, body FROM interaction ORDER BY id")).toEqual([
      { subject: "[erased]", body: "[erased]" },
      { subject: "Quarterly review", body: "Both attended" },
    ]);
    // Someone else's data is untouched, in core and in the module.
    expect(await app.query("SELECT first_name FROM contact WHERE id = ?", [other.id])).toEqual([{ first_name: "Other" }]);
    expect(await app.query("SELECT text FROM memo WHERE contact_id = ?", [other.id])).toEqual([{ text: "Other likes coffee" }]);
    // The earlier export was personal data too.
    expect((await download(app, officer(), exportUrl)).status).toBe(404);

    const [audit] = await app.query<{ changes: string; operation: string; actor: string }>(
      "SELECT changes, operation, actor FROM audit_entry WHERE entity_type = 'Contact' AND entity_id = ? ORDER BY id DESC LIMIT 1",
      [person.id],
    );
    expect(audit).toMatchObject({ operation: "gdprErase", actor: "staff:3" });
    expect(Object.keys(JSON.parse(audit!.changes))).toEqual(["erasedAt"]);
    expect(await app.query("SELECT payload FROM outbox_event WHERE type = 'core.contact.erased.v1'")).toEqual([{ payload: JSON.stringify({ contactId: person.id }) }]);
  });

  it("treats a second erasure as done already, and refuses to export an erased person", async () => {
    const aboutThePerson = "SELECT id FROM audit_entry WHERE entity_type = 'Contact' AND entity_id = ?";
    const auditBefore = await app.query(aboutThePerson, [person.id]);
    const { gdprErase } = await client().data(GdprEraseDocument, { input: { contactId: toGlobalId("Contact", person.id) } });
    expect(await ended(gdprErase.gdprRequest!.id)).toMatchObject({ status: "COMPLETED" });
    expect(await app.query(aboutThePerson, [person.id])).toEqual(auditBefore);
    expect(await app.query("SELECT COUNT(*) AS n FROM outbox_event WHERE type = 'core.contact.erased.v1'")).toEqual([{ n: "1" }]);

    const { gdprExport } = await client().data(GdprExportDocument, { input: { contactId: toGlobalId("Contact", person.id) } });
    expect(gdprExport).toMatchObject({ gdprRequest: null, userErrors: [{ code: "ERASED" }] });
  });
});

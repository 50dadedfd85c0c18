import { ActivityCreateDocument, ContactMergeDocument, Customer360SalesDocument, GdprEraseDocument, GdprExportDocument, GdprRequestDocument } from "../../schema/generated/graphql";
import { sfaModule } from "../../modules/sfa";
import { Customers, gid } from "../harness/customers";
import { download } from "../harness/data-transfer";
import type { GraphQLClient } from "../harness/graphql-client";
import { TestApp } from "../harness/test-app";
import { tokenFor } from "../harness/test-auth";
import { waitFor } from "../harness/wait";

/** What the sales module does with its rows when core merges two people or erases one. */
describe("sfa: merges and GDPR requests reach the calendar", () => {
  let app: TestApp;
  let customers: Customers;
  let admin: GraphQLClient;
  const officerToken = tokenFor({ tenantId: "1", permissions: ["gdpr.manage", "contacts.read"] });

  beforeAll(async () => {
    app = await TestApp.start({ modules: [sfaModule], workers: true });
    customers = new Customers(app, "1");
    admin = app.client.as(tokenFor({ tenantId: "1", admin: true }));
  });
  afterAll(() => app.stop());

  async function activity(subject: string, contactIds: string[], relatedToId: string | null = null): Promise<string> {
    const { activityCreate } = await admin.data(ActivityCreateDocument, {
      input: { kind: "CALL", subject, notes: `Notes about ${subject}`, dueAt: "2027-01-10T10:00:00.000Z", allDay: false, contactIds, relatedToId },
    });
    expect(activityCreate.userErrors).toEqual([]);
    return activityCreate.activity!.id;
  }

  async function participants(subject: string): Promise<string[]> {
    const rows = await app.query<{ participant_key: string }>(
      "SELECT p.participant_key FROM activity_participant p JOIN activity a ON a.id = p.activity_id WHERE a.subject = ? ORDER BY p.participant_key",
      [subject],
    );
    return rows.map((row) => row.participant_key);
  }

  async function finished(id: string) {
    return waitFor("the GDPR request", async () => {
      const { gdprRequest } = await app.client.as(officerToken).data(GdprRequestDocument, { id });
      return gdprRequest?.status === "COMPLETED" ? gdprRequest : undefined;
    });
  }

  it("moves a merged person's activities to the survivor, once per activity", async () => {
    const [kept, dup] = await Promise.all([customers.contact({ firstName: "Kept" }), customers.contact({ firstName: "Dup" })]);
    await activity("Both on the call", [gid.contact(kept), gid.contact(dup)]);
    await activity("Only the duplicate", [gid.contact(dup)], gid.contact(dup));
    const { contactMerge } = await admin.data(ContactMergeDocument, { input: { survivorId: gid.contact(kept), mergedId: gid.contact(dup) } });
    expect(contactMerge.userErrors).toEqual([]);
    expect(await participants("Both on the call")).toEqual([`c:${kept.id}`]);
    expect(await participants("Only the duplicate")).toEqual([`c:${kept.id}`]);
    expect(await app.query("SELECT related_type, related_id FROM activity WHERE subject = 'Only the duplicate'")).toEqual([{ related_type: "Contact", related_id: kept.id }]);
    const screen = (await admin.data(Customer360SalesDocument, { contactId: gid.contact(kept) })).customer360!;
    expect(screen.activities!.nodes.map((a) => a.subject).sort()).toEqual(["Both on the call", "Only the duplicate"]);
  });

  it("exports a person's activities, then erases those only about them and takes them off the others", async () => {
    const [person, colleague] = await Promise.all([customers.contact({ firstName: "Erin" }), customers.contact({ firstName: "Colin" })]);
    await activity("Erin alone", [gid.contact(person)]);
    await activity("Erin and Colin", [gid.contact(person), gid.contact(colleague)], gid.contact(person));
    const officer = app.client.as(officerToken);
    const exported = await finished((await officer.data(GdprExportDocument, { input: { contactId: gid.contact(person) } })).gdprExport.gdprRequest!.id);
    const document = JSON.parse((await download(app, officerToken, exported!.file!.downloadUrl)).body.toString("utf8"));
    expect(document.modules.sfa.activities.map((a: { subject: string; notes: string }) => [a.subject, a.notes])).toEqual([
      ["Erin alone", "Notes about Erin alone"],
      ["Erin and Colin", "Notes about Erin and Colin"],
    ]);

    await finished((await officer.data(GdprEraseDocument, { input: { contactId: gid.contact(person) } })).gdprErase.gdprRequest!.id);
    expect(await app.query("SELECT subject, related_id FROM activity WHERE subject LIKE 'Erin%' ORDER BY id")).toEqual([{ subject: "Erin and Colin", related_id: null }]);
    expect(await participants("Erin and Colin")).toEqual([`c:${colleague.id}`]);
    const replanned = await admin.data(ActivityCreateDocument, {
      input: { kind: "CALL", subject: "Erin again", dueAt: "2027-01-11T10:00:00.000Z", allDay: false, contactIds: [gid.contact(person)] },
    });
    expect(replanned.activityCreate.userErrors).toEqual([expect.objectContaining({ field: ["input", "contactIds", "0"], code: "INVALID" })]);
  });
});

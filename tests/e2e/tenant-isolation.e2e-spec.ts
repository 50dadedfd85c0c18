import { ContactsDocument } from "../../schema/generated/graphql";
import { Contact } from "../../core/contacts/contact.entity";
import { ExportJob, DataTransferKind, ExportFormat, JobStatus } from "../../core/data-transfer/data-transfer.entities";
import { exportJob } from "../../core/data-transfer/export.job";
import { TenantScope } from "../../core/db/tenant-scope";
import { Customers, gid } from "../harness/customers";
import { TestApp } from "../harness/test-app";
import { tokenFor } from "../harness/test-auth";
import { waitFor } from "../harness/wait";

/**
 * One place that tries each way a request or a job could reach another tenant's rows: global
 * ids, cursors, a DataLoader batch that mixes tenants, and a job payload naming a foreign row.
 * (Subscriptions are tried in module-toggles.e2e-spec.ts.)
 */
describe("tenant isolation", () => {
  let app: TestApp;
  const reader = (tenantId: string) => app.client.as(tokenFor({ tenantId, permissions: ["contacts.read", "accounts.read"] }));

  beforeAll(async () => {
    app = await TestApp.start({ workers: true });
    for (const tenantId of ["1", "2"]) {
      const customers = new Customers(app, tenantId);
      for (let i = 0; i < 5; i++) await customers.contact({ lastName: `T${tenantId}-${i}` });
    }
  });
  afterAll(() => app.stop());

  it("a cursor from one tenant's list pages only through the other tenant's own rows", async () => {
    const first = await reader("1").data(ContactsDocument, { first: 2 });
    const cursor = first.contacts.pageInfo.endCursor!;
    const elsewhere = await reader("2").data(ContactsDocument, { first: 10, after: cursor });
    expect(elsewhere.contacts.nodes.every((n) => n.lastName.startsWith("T2-"))).toBe(true);
    expect(elsewhere.contacts.totalCount).toBe(5);
  });

  it("global ids and batched loads of another tenant's rows answer as if they did not exist", async () => {
    const mine = await new TenantScope(app.services.dataSource.manager, "1").find(Contact, {});
    const theirs = await new TenantScope(app.services.dataSource.manager, "2").find(Contact, {});
    const ids = [gid.contact(mine[0]!), gid.contact(theirs[0]!), gid.contact(mine[1]!)];
    const query = `query($ids: [ID!]!) { nodes(ids: $ids) { id } }`;
    const { nodes } = await reader("1").data<{ nodes: ({ id: string } | null)[] }, object>(query, { ids });
    expect(nodes).toEqual([{ id: ids[0] }, null, { id: ids[2] }]);
    const single = await reader("1").data<{ node: unknown }, object>(`query($id: ID!) { node(id: $id) { id } }`, { id: ids[1] });
    expect(single.node).toBeNull();
  });

  it("a scoped find with alternatives (OR) keeps each alternative in the tenant", async () => {
    const scope = new TenantScope(app.services.dataSource.manager, "1");
    const found = await scope.find(Contact, { where: [{ lastName: "T1-0" }, { lastName: "T2-0" }, { lastName: "T2-1" }], order: { lastName: "ASC" } });
    expect(found.map((contact) => contact.lastName)).toEqual(["T1-0"]);
    await expect(scope.find(Contact, { where: [] })).rejects.toThrow("An empty list of alternatives matches nothing");
  });

  it("a job whose payload names another tenant's row cannot touch it", async () => {
    const foreign = await app.services.dataSource.getRepository(ExportJob).save(
      Object.assign(new ExportJob(), { tenantId: "1", kind: DataTransferKind.CONTACTS, format: ExportFormat.CSV, status: JobStatus.QUEUED, rows: 0 }),
    );
    const job = await app.services.queues.enqueue(exportJob, {
      tenantId: "2",
      exportId: foreign.id,
      visibility: { scope: "all" },
      filter: { updatedSince: null, tag: null },
    }, { attempts: 1 });
    const jobId = (job as { id: string }).id;
    const state = await waitFor("the forged job to finish", () => app.services.queues.get(exportJob.queue).getJobState(jobId), {
      until: (s) => s === "failed" || s === "completed",
    });
    expect(state).toBe("failed");
    const after = await app.services.dataSource.getRepository(ExportJob).findOneByOrFail({ id: foreign.id });
    expect(after).toMatchObject({ status: JobStatus.QUEUED, rows: 0, fileId: null });
  });
});

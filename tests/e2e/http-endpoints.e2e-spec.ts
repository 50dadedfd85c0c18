import { TenantModulesDocument } from "../../schema/generated/graphql";
import { pendingSchemaChanges } from "../../core/db/schema-drift";
import { TestApp } from "../harness/test-app";
import { tokenFor } from "../harness/test-auth";

describe("operational endpoints", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await TestApp.start({ workers: true });
  });
  afterAll(() => app.stop());

  it("reports liveness and readiness of the database and Redis", async () => {
    expect(await (await fetch(`${app.url}/healthz`)).json()).toEqual({ status: "ok" });
    const ready = await fetch(`${app.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: "ready", checks: { database: "up", redis: "up" } });
  });

  it("exposes request, operation, error and queue metrics to Prometheus", async () => {
    const admin = app.client.as(tokenFor({ tenantId: "1", admin: true }));
    await admin.data(TenantModulesDocument);
    await app.client.request(TenantModulesDocument);
    const text = await (await fetch(`${app.url}/metrics`)).text();
    expect(text).toMatch(/crm_http_request_duration_seconds_count\{method="POST",route="\/graphql",status="200"\} [1-9]/);
    expect(text).toMatch(/crm_graphql_operation_duration_seconds_count\{type="query",operation="TenantModules"\} [2-9]/);
    expect(text).toMatch(/crm_graphql_errors_total\{code="UNAUTHENTICATED"\} 1/);
    expect(text).toMatch(/crm_queue_jobs\{queue="core.outbox",state="delayed"\} \d/);
    expect(text).toContain("crm_process_resident_memory_bytes");
  });

  it("serves the IDE and all its assets from this server", async () => {
    const page = await fetch(`${app.url}/ide/`);
    expect(page.status).toBe(200);
    const html = await page.text();
    const assets = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(assets.length).toBeGreaterThanOrEqual(4);
    for (const asset of assets) {
      expect(asset.startsWith("/ide/")).toBe(true);
      expect((await fetch(new URL(asset, app.url))).status).toBe(200);
    }
    expect(page.headers.get("content-security-policy")).toContain("script-src 'self'");
  });

  it("opens the queue dashboard to admins only", async () => {
    const as = (token?: string) => fetch(`${app.url}/admin/queues`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
    expect((await as()).status).toBe(401);
    expect((await as(tokenFor({ tenantId: "1", permissions: ["tenant.manage"] }))).status).toBe(403);
    const admin = await as(tokenFor({ tenantId: "1", admin: true }));
    expect(admin.status).toBe(200);
    expect(await admin.text()).toContain("<title>");
    const queues = await fetch(`${app.url}/admin/queues/api/queues`, { headers: { authorization: `Bearer ${tokenFor({ tenantId: "1", admin: true })}` } });
    expect(JSON.stringify(await queues.json())).toContain("core.outbox");
  });

  it("has migrations that match the entities exactly, and would notice if they did not", async () => {
    expect(await pendingSchemaChanges(app.services.dataSource)).toEqual({ up: [], down: [] });
    await app.query("ALTER TABLE tenant DROP COLUMN name");
    try {
      const { up } = await pendingSchemaChanges(app.services.dataSource);
      expect(up.join("\n")).toMatch(/ALTER TABLE `tenant` ADD `name` varchar\(200\)/);
    } finally {
      await app.query("ALTER TABLE tenant ADD name varchar(200) NOT NULL AFTER slug");
    }
  });

  it("keeps every database session in UTC, so database-side timestamps agree with the driver", async () => {
    const sessions = await Promise.all(
      Array.from({ length: 4 }, () => app.services.dataSource.transaction((manager) => manager.query("SELECT @@session.time_zone AS tz, SLEEP(0.05)"))),
    );
    expect(sessions.map((rows: { tz: string }[]) => rows[0]!.tz)).toEqual(["+00:00", "+00:00", "+00:00", "+00:00"]);
  });
});

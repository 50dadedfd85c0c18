import { createClient } from "graphql-ws";
import WebSocket from "ws";
import { TestApp } from "../harness/test-app";
import { tokenFor } from "../harness/test-auth";

const INTROSPECTION = "{ __schema { queryType { name } } }";

describe("NODE_ENV=production", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await TestApp.start({ env: { NODE_ENV: "production", JWT_SECRET: "p".repeat(32) } });
  });
  afterAll(() => app.stop());

  it("serves no IDE", async () => {
    expect((await fetch(`${app.url}/ide/`)).status).toBe(404);
  });

  it("refuses introspection over HTTP and over WebSocket, and still answers ordinary queries", async () => {
    const client = app.client.as(tokenFor({ tenantId: "1", admin: true }));
    const http = await client.request(INTROSPECTION);
    expect(http.errors?.[0]?.extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
    expect((await client.request("{ tenantModules { module } }")).errors).toBeUndefined();

    const ws = createClient({ url: `${app.url.replace("http", "ws")}/graphql`, webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${tokenFor({ tenantId: "1", admin: true })}` } });
    try {
      const answer = await new Promise<{ data?: unknown; errors?: readonly { message: string }[] }>((resolve) => {
        ws.subscribe({ query: INTROSPECTION }, { next: (result) => resolve(result), error: (errors) => resolve({ errors: errors as { message: string }[] }), complete: () => undefined });
      });
      expect(answer.data).toBeUndefined();
      expect(JSON.stringify(answer.errors)).toMatch(/introspection/i);
    } finally {
      await ws.dispose();
    }
  });
});

import { print } from "graphql";
import { createClient } from "graphql-ws";
import WebSocket from "ws";
import { fromGlobalId } from "../../core/graphql/relay/global-id";
import {
  ApiClientCreateDocument,
  ApiClientRevokeDocument,
  AuthLoginDocument,
  AuthLogoutDocument,
  AuthPasswordChangeDocument,
  AuthRefreshDocument,
  MeDocument,
  PermissionsDocument,
  RoleSaveDocument,
  TeamCreateDocument,
  TenantCreateDocument,
  UserCreateDocument,
  UserUpdateDocument,
  UsersDocument,
} from "../../schema/generated/graphql";
import type { GraphQLClient } from "../harness/graphql-client";
import { TestApp } from "../harness/test-app";

const OPERATOR = "operator-token-for-tests-0123456789abcdef";
const PASSWORD = "correct horse battery";

describe("identity and access", () => {
  let app: TestApp;
  let operator: GraphQLClient;

  beforeAll(async () => {
    app = await TestApp.start({ authenticate: "identity", env: { PLATFORM_ADMIN_TOKEN: OPERATOR, LOGIN_MAX_FAILURES: "3" } });
    operator = app.client.as(OPERATOR);
    for (const slug of ["acme", "globex"]) {
      const { tenantCreate } = await operator.data(TenantCreateDocument, {
        input: { name: slug, slug, admin: { email: `Admin@${slug}.example`, name: "Admin", password: PASSWORD } },
      });
      expect(tenantCreate.userErrors).toEqual([]);
    }
  });
  afterAll(() => app.stop());

  async function login(tenant: string, email: string, password = PASSWORD) {
    const { authLogin } = await app.client.data(AuthLoginDocument, { input: { tenant, email, password } });
    return authLogin;
  }

  async function signedIn(tenant: string, email: string, password = PASSWORD): Promise<{ client: GraphQLClient; refreshToken: string }> {
    const { session, userErrors } = await login(tenant, email, password);
    expect(userErrors).toEqual([]);
    return { client: app.client.as(session!.accessToken), refreshToken: session!.refreshToken };
  }

  describe("tenants", () => {
    it("are created by the platform operator only", async () => {
      const input = { name: "x", slug: "initech", admin: { email: "a@b.example", name: "A", password: PASSWORD } };
      for (const client of [app.client, app.client.as("not-the-operator-token")]) {
        const response = await client.request(TenantCreateDocument, { input });
        expect(response.errors?.[0]?.extensions?.code).toMatch(/FORBIDDEN|UNAUTHENTICATED/);
      }
      expect(await app.query("SELECT id FROM tenant WHERE slug = 'initech'")).toEqual([]);
    });

    it("reject a bad slug, a weak password and a taken slug as userErrors", async () => {
      const bad = await operator.data(TenantCreateDocument, {
        input: { name: "x", slug: "Not A Slug", admin: { email: "nope", name: "A", password: "short" } },
      });
      expect(bad.tenantCreate.userErrors.map((e) => e.field)).toEqual([
        ["input", "slug"],
        ["input", "admin", "email"],
        ["input", "admin", "password"],
      ]);
      const taken = await operator.data(TenantCreateDocument, {
        input: { name: "again", slug: "acme", admin: { email: "b@acme.example", name: "B", password: PASSWORD } },
      });
      expect(taken.tenantCreate).toMatchObject({ tenant: null, userErrors: [{ field: ["input", "slug"], code: "TAKEN" }] });
    });
  });

  describe("sessions", () => {
    it("sign in with tenant, email (any case) and password, and know who they are", async () => {
      const { client } = await signedIn("acme", "ADMIN@acme.example");
      const { me } = await client.data(MeDocument);
      expect(me).toMatchObject({ email: "admin@acme.example", status: "ACTIVE", roles: [{ name: "Administrator" }] });
    });

    it("refuse a wrong password without saying which part was wrong, and lock after repeated failures", async () => {
      await operator.data(TenantCreateDocument, {
        input: { name: "lock", slug: "lockco", admin: { email: "a@lock.example", name: "A", password: PASSWORD } },
      });
      expect((await login("lockco", "nobody@lock.example")).userErrors).toEqual([
        { field: null, code: "INVALID_CREDENTIALS", message: "The tenant, email or password is wrong." },
      ]);
      expect((await login("lockco", "a@lock.example", "wrong password 1")).userErrors[0]?.code).toBe("INVALID_CREDENTIALS");
      expect((await login("lockco", "a@lock.example", "wrong password 2")).userErrors[0]?.code).toBe("INVALID_CREDENTIALS");
      expect((await login("lockco", "a@lock.example", "wrong password 3")).userErrors[0]?.code).toBe("LOCKED");
      const rightButLocked = await login("lockco", "a@lock.example");
      expect(rightButLocked).toMatchObject({ session: null, userErrors: [{ code: "LOCKED" }] });
    });

    it("rotate refresh tokens, and a reused one revokes the whole family", async () => {
      const first = await login("acme", "admin@acme.example");
      const { authRefresh: second } = await app.client.data(AuthRefreshDocument, { input: { refreshToken: first.session!.refreshToken } });
      expect(second.session?.accessToken).toBeTruthy();
      const { authRefresh: replay } = await app.client.data(AuthRefreshDocument, { input: { refreshToken: first.session!.refreshToken } });
      expect(replay.userErrors[0]?.code).toBe("INVALID_TOKEN");
      const { authRefresh: afterTheft } = await app.client.data(AuthRefreshDocument, { input: { refreshToken: second.session!.refreshToken } });
      expect(afterTheft.userErrors[0]?.code).toBe("INVALID_TOKEN");
    });

    it("refuse a refresh token past its expiry", async () => {
      const session = (await login("acme", "admin@acme.example")).session!;
      const aged = (await app.services.dataSource.query("UPDATE refresh_token SET expires_at = UTC_TIMESTAMP(3) - INTERVAL 1 SECOND WHERE expires_at = ?", [new Date(session.refreshTokenExpiresAt)])) as { affectedRows: number };
      expect(aged.affectedRows).toBe(1);
      const { authRefresh } = await app.client.data(AuthRefreshDocument, { input: { refreshToken: session.refreshToken } });
      expect(authRefresh).toMatchObject({ session: null, userErrors: [expect.objectContaining({ code: "INVALID_TOKEN" })] });
    });

    it("log out: the access token and the refresh token stop working at once", async () => {
      const { client, refreshToken } = await signedIn("acme", "admin@acme.example");
      expect((await client.data(AuthLogoutDocument, { input: { refreshToken } })).authLogout.userErrors).toEqual([]);
      expect((await client.request(MeDocument)).errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
      const { authRefresh } = await app.client.data(AuthRefreshDocument, { input: { refreshToken } });
      expect(authRefresh.userErrors[0]?.code).toBe("INVALID_TOKEN");
    });

    it("change the password: other sessions end, this one continues with new tokens", async () => {
      const { tenantCreate } = await operator.data(TenantCreateDocument, {
        input: { name: "pw", slug: "pwco", admin: { email: "a@pw.example", name: "A", password: PASSWORD } },
      });
      expect(tenantCreate.userErrors).toEqual([]);
      const other = await signedIn("pwco", "a@pw.example");
      const mine = await signedIn("pwco", "a@pw.example");
      const wrong = await mine.client.data(AuthPasswordChangeDocument, { input: { currentPassword: "nope", newPassword: "another long password" } });
      expect(wrong.authPasswordChange.userErrors).toEqual([expect.objectContaining({ field: ["input", "currentPassword"], code: "INVALID_CREDENTIALS" })]);

      const changed = await mine.client.data(AuthPasswordChangeDocument, { input: { currentPassword: PASSWORD, newPassword: "another long password" } });
      expect(changed.authPasswordChange.userErrors).toEqual([]);
      expect((await other.client.request(MeDocument)).errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
      expect((await mine.client.request(MeDocument)).errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
      expect((await app.client.data(AuthRefreshDocument, { input: { refreshToken: other.refreshToken } })).authRefresh.userErrors[0]?.code).toBe("INVALID_TOKEN");
      const fresh = app.client.as(changed.authPasswordChange.session!.accessToken);
      expect((await fresh.data(MeDocument)).me.email).toBe("a@pw.example");
      expect((await login("pwco", "a@pw.example")).userErrors[0]?.code).toBe("INVALID_CREDENTIALS");
    });
  });

  describe("users, roles and teams", () => {
    it("grant permissions through roles; a role change applies at the next refresh", async () => {
      const { client: admin } = await signedIn("acme", "admin@acme.example");
      const { roleSave } = await admin.data(RoleSaveDocument, {
        input: { name: "Sales rep", permissions: ["contacts.read", "contacts.write"], visibility: "OWN" },
      });
      expect(roleSave.userErrors).toEqual([]);
      const { teamCreate } = await admin.data(TeamCreateDocument, { input: { name: "North" } });
      const { userCreate } = await admin.data(UserCreateDocument, {
        input: { email: "rep@acme.example", name: "Rep", password: PASSWORD, roleIds: [roleSave.role!.id], teamIds: [teamCreate.team!.id] },
      });
      expect(userCreate.user).toMatchObject({ email: "rep@acme.example", roles: [{ name: "Sales rep" }], teams: [{ name: "North" }] });

      const rep = await signedIn("acme", "rep@acme.example");
      expect((await rep.client.request(UsersDocument, { first: 10 })).errors?.[0]?.extensions?.code).toBe("FORBIDDEN");

      const { roleSave: manager } = await admin.data(RoleSaveDocument, { input: { name: "Manager", permissions: ["users.manage"], visibility: "TEAM" } });
      await admin.data(UserUpdateDocument, { input: { id: userCreate.user!.id, roleIds: [roleSave.role!.id, manager.role!.id] } });
      expect((await rep.client.request(UsersDocument, { first: 10 })).errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
      // Who was given which rights is on the user's audit trail, once per change.
      const [roleId, managerId, teamId] = [roleSave.role!.id, manager.role!.id, teamCreate.team!.id].map((id) => fromGlobalId(id).rowId);
      const trailOf = () =>
        app.query<{ changes: string | object; actor: string }>(
          "SELECT changes, actor FROM audit_entry WHERE entity_type = 'User' AND entity_id = ? AND JSON_CONTAINS_PATH(changes, 'one', '$.roleIds', '$.teamIds') ORDER BY id",
          [fromGlobalId(userCreate.user!.id).rowId],
        );
      const trail = await trailOf();
      expect(trail.map(({ changes }) => (typeof changes === "string" ? JSON.parse(changes) : changes))).toEqual([
        { roleIds: { before: [], after: [roleId] }, teamIds: { before: [], after: [teamId] } },
        { roleIds: { before: [roleId], after: [roleId, managerId] } },
      ]);
      expect(new Set(trail.map(({ actor }) => actor)).size).toBe(1);
      const { authRefresh } = await app.client.data(AuthRefreshDocument, { input: { refreshToken: rep.refreshToken } });
      const users = await app.client.as(authRefresh.session!.accessToken).data(UsersDocument, { first: 10 });
      expect(users.users.nodes.map((u) => u.email).sort()).toEqual(["admin@acme.example", "rep@acme.example"]);
      // The same roles given again, in another order, change nothing and add nothing to the trail.
      await admin.data(UserUpdateDocument, { input: { id: userCreate.user!.id, roleIds: [manager.role!.id, roleSave.role!.id] } });
      expect(await trailOf()).toHaveLength(2);
    });

    it("reject unknown permissions, ids of other tenants and duplicate emails as userErrors", async () => {
      const { client: acme } = await signedIn("acme", "admin@acme.example");
      const { client: globex } = await signedIn("globex", "admin@globex.example");
      const unknown = await acme.data(RoleSaveDocument, { input: { name: "Odd", permissions: ["contacts.fly"], visibility: "ALL" } });
      expect(unknown.roleSave.userErrors).toEqual([{ field: ["input", "permissions"], code: "INVALID", message: "Unknown permission 'contacts.fly'." }]);

      const { teamCreate } = await globex.data(TeamCreateDocument, { input: { name: "Globex team" } });
      const foreign = await acme.data(UserCreateDocument, {
        input: { email: "x@acme.example", name: "X", password: PASSWORD, roleIds: [], teamIds: [teamCreate.team!.id] },
      });
      expect(foreign.userCreate).toMatchObject({ user: null, userErrors: [{ field: ["input", "teamIds"], code: "NOT_FOUND" }] });
      const duplicate = await acme.data(UserCreateDocument, { input: { email: "ADMIN@acme.example", name: "X", password: PASSWORD, roleIds: [], teamIds: [] } });
      expect(duplicate.userCreate.userErrors).toEqual([expect.objectContaining({ field: ["input", "email"], code: "TAKEN" })]);
      expect(await app.query("SELECT id FROM user WHERE email = 'x@acme.example'")).toEqual([]);

      const malformed = await acme.data(UserUpdateDocument, { input: { id: "not-an-id", name: "X" } });
      expect(malformed.userUpdate.userErrors).toEqual([expect.objectContaining({ field: ["input", "id"], code: "INVALID" })]);

      const theirUsers = await globex.data(UsersDocument, { first: 50 });
      expect(theirUsers.users.nodes.map((u) => u.email)).toEqual(["admin@globex.example"]);
    });

    it("lists every user's roles and teams, also when users share them", async () => {
      const { tenantCreate } = await operator.data(TenantCreateDocument, {
        input: { name: "share", slug: "shareco", admin: { email: "a@share.example", name: "A admin", password: PASSWORD } },
      });
      expect(tenantCreate.userErrors).toEqual([]);
      const { client: admin } = await signedIn("shareco", "a@share.example");
      const { roleSave } = await admin.data(RoleSaveDocument, { input: { name: "Agent", permissions: ["contacts.read"], visibility: "TEAM" } });
      const { teamCreate } = await admin.data(TeamCreateDocument, { input: { name: "Support" } });
      for (const name of ["B agent", "C agent"]) {
        await admin.data(UserCreateDocument, {
          input: { email: `${name[0]}@share.example`, name, password: PASSWORD, roleIds: [roleSave.role!.id], teamIds: [teamCreate.team!.id] },
        });
      }
      const { users } = await admin.data(UsersDocument, { first: 10 });
      expect(users.nodes.map((u) => [u.name, u.roles.map((r) => r.name), u.teams.map((t) => t.name)])).toEqual([
        ["A admin", ["Administrator"], []],
        ["B agent", ["Agent"], ["Support"]],
        ["C agent", ["Agent"], ["Support"]],
      ]);
    });

    it("disabling a user signs them out everywhere", async () => {
      const { client: admin } = await signedIn("acme", "admin@acme.example");
      const { userCreate } = await admin.data(UserCreateDocument, { input: { email: "leaver@acme.example", name: "Leaver", password: PASSWORD, roleIds: [], teamIds: [] } });
      const leaver = await signedIn("acme", "leaver@acme.example");
      await admin.data(UserUpdateDocument, { input: { id: userCreate.user!.id, status: "DISABLED" } });
      expect((await leaver.client.request(MeDocument)).errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
      expect((await app.client.data(AuthRefreshDocument, { input: { refreshToken: leaver.refreshToken } })).authRefresh.userErrors[0]?.code).toBe("INVALID_TOKEN");
      expect((await login("acme", "leaver@acme.example")).userErrors[0]?.code).toBe("INVALID_CREDENTIALS");
    });
  });

  describe("API clients", () => {
    it("authenticate with a key shown once, limited to its scopes, until revoked", async () => {
      const { client: admin } = await signedIn("acme", "admin@acme.example");
      const { apiClientCreate } = await admin.data(ApiClientCreateDocument, { input: { name: "Partner portal", scopes: ["users.manage"] } });
      expect(apiClientCreate.key).toMatch(/^crm_[A-Za-z0-9]{12}_/);
      const stored = await app.query<{ key_hash: string }>("SELECT key_hash FROM api_client WHERE name = 'Partner portal'");
      expect(JSON.stringify(stored)).not.toContain(apiClientCreate.key!);

      const partner = app.client.as(apiClientCreate.key!);
      expect((await partner.data(UsersDocument, { first: 5 })).users.totalCount).toBeGreaterThan(0);
      expect((await partner.request(RoleSaveDocument, { input: { name: "n", permissions: [], visibility: "ALL" } })).errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
      const viaHeader = await app.client.request(PermissionsDocument, undefined, { "x-api-key": apiClientCreate.key! });
      expect(viaHeader.data?.permissions.length).toBeGreaterThan(10);

      await admin.data(ApiClientRevokeDocument, { input: { id: apiClientCreate.apiClient!.id } });
      expect((await partner.request(UsersDocument, { first: 5 })).errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    });

    it("stop working once they expire", async () => {
      const { client: admin } = await signedIn("acme", "admin@acme.example");
      const { apiClientCreate } = await admin.data(ApiClientCreateDocument, { input: { name: "Short-lived", scopes: [], expiresAt: new Date(Date.now() + 3_600_000).toISOString() } });
      const partner = app.client.as(apiClientCreate.key!);
      expect((await partner.request(PermissionsDocument)).errors).toBeUndefined();
      await app.query("UPDATE api_client SET expires_at = UTC_TIMESTAMP(3) - INTERVAL 1 SECOND WHERE name = 'Short-lived'");
      // Another process would see it within the key cache's lifetime; this one is made to forget now.
      app.services.identity.apiKeys.forget(apiClientCreate.apiClient!.keyPrefix);
      expect((await partner.request(PermissionsDocument)).errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    });

    it("refuse unknown scopes and past expiries, and keys of tampered secrets", async () => {
      const { client: admin } = await signedIn("acme", "admin@acme.example");
      const bad = await admin.data(ApiClientCreateDocument, { input: { name: "Bad", scopes: ["everything"], expiresAt: "2001-01-01T00:00:00Z" } });
      expect(bad.apiClientCreate.userErrors.map((e) => e.field)).toEqual([["input", "scopes"], ["input", "expiresAt"]]);
      const { apiClientCreate } = await admin.data(ApiClientCreateDocument, { input: { name: "Good", scopes: [] } });
      const tampered = apiClientCreate.key!.slice(0, -4) + "AAAA";
      expect((await app.client.as(tampered).request(PermissionsDocument)).errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    });
  });

  it("answers a bad token on plain HTTP routes with 401, as GraphQL does, never a fault", async () => {
    const { session } = await login("acme", "admin@acme.example");
    for (const path of ["/admin/queues", "/files/some-file", "/imports?kind=CONTACTS"]) {
      for (const token of ["not-a-token", `${session!.accessToken.slice(0, -4)}AAAA`]) {
        const response = await fetch(`${app.url}${path}`, { method: path.startsWith("/imports") ? "POST" : "GET", headers: { authorization: `Bearer ${token}` } });
        expect([path, response.status, ((await response.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code]).toEqual([path, 401, "UNAUTHENTICATED"]);
      }
    }
    const admin = await fetch(`${app.url}/admin/queues`, { headers: { authorization: `Bearer ${session!.accessToken}` } });
    expect(admin.status).toBe(200);
  });

  it("limits sign-in attempts per client address, which a client cannot change with X-Forwarded-For", async () => {
    let code: string | undefined;
    for (let attempt = 0; attempt < 40 && code !== "RATE_LIMITED"; attempt++) {
      code = (await login("acme", `nobody${attempt}@acme.example`)).userErrors[0]?.code;
    }
    expect(code).toBe("RATE_LIMITED");
    expect(await signInFrom(app, "198.51.100.9", "other@acme.example")).toBe("RATE_LIMITED");
  });
});

const wrongPassword = (email: string) => ({ input: { tenant: "acme", email, password: "not the password" } });

/** The code of a refused sign-in sent with `X-Forwarded-For: address`. */
async function signInFrom(app: TestApp, address: string, email: string): Promise<string | undefined> {
  const response = await app.client.request(AuthLoginDocument, wrongPassword(email), { "x-forwarded-for": address });
  return response.data?.authLogin.userErrors[0]?.code;
}

/** The same over graphql-ws, from a connection whose upgrade request carried `X-Forwarded-For: address`. */
async function signInOverWebSocketFrom(app: TestApp, address: string, email: string): Promise<string | undefined> {
  class Forwarded extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols, { headers: { "x-forwarded-for": address } });
    }
  }
  const client = createClient({ url: `${app.url.replace("http", "ws")}/graphql`, webSocketImpl: Forwarded, lazy: true });
  try {
    const result = await new Promise<{ data?: { authLogin: { userErrors: { code: string }[] } } | null }>((resolve, reject) => {
      client.subscribe({ query: print(AuthLoginDocument), variables: wrongPassword(email) }, { next: resolve, error: reject, complete: () => undefined });
    });
    return result.data?.authLogin.userErrors[0]?.code;
  } finally {
    await client.dispose();
  }
}

describe("behind a proxy named in TRUST_PROXY", () => {
  it("limits sign-in attempts per forwarded client address, not per proxy", async () => {
    const proxied = await TestApp.start({ authenticate: "identity", env: { TRUST_PROXY: "loopback" } });
    try {
      let code: string | undefined;
      for (let attempt = 0; attempt < 40 && code !== "RATE_LIMITED"; attempt++) code = await signInFrom(proxied, "203.0.113.7", `nobody${attempt}@acme.example`);
      expect(code).toBe("RATE_LIMITED");
      expect(await signInFrom(proxied, "198.51.100.9", "someone@acme.example")).toBe("INVALID_CREDENTIALS");
      // A sign-in over graphql-ws counts against the forwarded address too.
      expect(await signInOverWebSocketFrom(proxied, "203.0.113.7", "again@acme.example")).toBe("RATE_LIMITED");
      expect(await signInOverWebSocketFrom(proxied, "198.51.100.10", "someone@acme.example")).toBe("INVALID_CREDENTIALS");
    } finally {
      await proxied.stop();
    }
  });
});

import { AuthLoginDocument, TenantCreateDocument } from "../../schema/generated/graphql";
import { TestApp } from "../harness/test-app";

const OPERATOR = "operator-token-for-tests-0123456789abcdef";
const PASSWORD = "correct horse battery";

/** Its own app: the per-address sign-in limit of the identity suite must not interfere. */
describe("account lockout", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await TestApp.start({ authenticate: "identity", env: { PLATFORM_ADMIN_TOKEN: OPERATOR, LOGIN_MAX_FAILURES: "3" } });
    await app.client.as(OPERATOR).data(TenantCreateDocument, {
      input: { name: "race", slug: "raceco", admin: { email: "a@race.example", name: "A", password: PASSWORD } },
    });
  });
  afterAll(() => app.stop());

  const login = (password: string) => app.client.data(AuthLoginDocument, { input: { tenant: "raceco", email: "a@race.example", password } });

  it("counts wrong passwords sent at the same time, so a burst cannot slip past the limit", async () => {
    const answers = await Promise.all(Array.from({ length: 6 }, (_, i) => login(`wrong password ${i}`)));
    expect(answers.filter((a) => a.authLogin.userErrors[0]?.code === "LOCKED").length).toBeGreaterThanOrEqual(1);
    expect((await login(PASSWORD)).authLogin).toMatchObject({ session: null, userErrors: [{ code: "LOCKED" }] });
  });

  it("lets the user in again once the lockout has passed", async () => {
    await app.query("UPDATE user SET locked_until = UTC_TIMESTAMP(3) - INTERVAL 1 SECOND WHERE email = 'a@race.example'");
    const { authLogin } = await login(PASSWORD);
    expect(authLogin.userErrors).toEqual([]);
    expect(authLogin.session?.user.email).toBe("a@race.example");
  });
});

import { ConfigError, loadConfig } from "../../core/config/config";

describe("loadConfig", () => {
  it("defaults to a local MySQL/MariaDB and Redis, all modules and all queues", () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      DB_HOST: "127.0.0.1",
      DB_PORT: 3306,
      DB_USER: "root",
      DB_PASSWORD: "",
      REDIS_URL: "redis://127.0.0.1:6379",
      PORT: 4000,
      GRAPHQL_IDE: true,
      DEMO_DATA: true,
    });
    expect(config.CRM_MODULES).toBeUndefined();
    expect(config.WORKER_QUEUES).toBeUndefined();
  });

  it("reads lists, and an empty CRM_MODULES means core only", () => {
    expect(loadConfig({ CRM_MODULES: " sfa, css ,", WORKER_QUEUES: "sfa.events" })).toMatchObject({
      CRM_MODULES: ["sfa", "css"],
      WORKER_QUEUES: ["sfa.events"],
    });
    expect(loadConfig({ CRM_MODULES: "" }).CRM_MODULES).toEqual([]);
  });

  it("turns the IDE and demo data off in production unless asked, and demands a JWT secret there", () => {
    const secret = "s".repeat(32);
    expect(loadConfig({ NODE_ENV: "production", JWT_SECRET: secret })).toMatchObject({ GRAPHQL_IDE: false, DEMO_DATA: false, JWT_SECRET: secret });
    expect(loadConfig({ NODE_ENV: "production", JWT_SECRET: secret, GRAPHQL_IDE: "true" }).GRAPHQL_IDE).toBe(true);
    expect(() => loadConfig({ NODE_ENV: "production" })).toThrow(/JWT_SECRET: required when NODE_ENV=production/);
    expect(() => loadConfig({ JWT_SECRET: "short" })).toThrow(/JWT_SECRET: at least 32 characters/);
  });

  it("reads the trusted proxies as a hop count or a list of addresses, and refuses anything else", () => {
    expect(loadConfig({}).TRUST_PROXY).toBeUndefined();
    expect(loadConfig({ TRUST_PROXY: "2" }).TRUST_PROXY).toBe(2);
    expect(loadConfig({ TRUST_PROXY: "loopback, 10.0.0.0/8,fd00::1" }).TRUST_PROXY).toEqual(["loopback", "10.0.0.0/8", "fd00::1"]);
    for (const bad of ["1,2", "proxy.example.com", "10.0.0.0/8/1", "-1"]) {
      expect(() => loadConfig({ TRUST_PROXY: bad })).toThrow(/TRUST_PROXY/);
    }
  });

  it("names every bad variable", () => {
    let error: unknown;
    try {
      loadConfig({ DB_PORT: "eighty", REDIS_URL: "http://x", DB_NAME: "crm; drop", GRAPHQL_IDE: "maybe" });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.map((p) => p.split(":")[0]);
    expect(problems.sort()).toEqual(["DB_NAME", "DB_PORT", "GRAPHQL_IDE", "REDIS_URL"]);
    expect((error as ConfigError).message).toContain(".env.example");
  });
});

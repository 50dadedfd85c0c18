import { isIP } from "node:net";
import { z } from "zod";

const port = z.coerce.number().int().min(1).max(65535);
const list = z
  .string()
  .transform((value) => value.split(",").map((item) => item.trim()).filter((item) => item.length > 0));
const flag = z.enum(["true", "false", "1", "0"]).transform((value) => value === "true" || value === "1");
const PROXY_NAMES = new Set(["loopback", "linklocal", "uniquelocal"]);
const isProxyAddress = (entry: string): boolean => {
  const [address = "", prefix, ...rest] = entry.split("/");
  return PROXY_NAMES.has(entry) || (isIP(address) !== 0 && rest.length === 0 && (prefix === undefined || /^\d{1,3}$/.test(prefix)));
};
/** Express's `trust proxy`: how many proxies in front, or which addresses (IPs, CIDR ranges, loopback/linklocal/uniquelocal). */
const trustedProxies = z.union([
  z.coerce.number().int().min(0).max(10),
  list.pipe(z.array(z.string().refine(isProxyAddress, "a hop count, or IP addresses, CIDR ranges and loopback/linklocal/uniquelocal")).min(1)),
]);

/** Every variable the platform reads. `.env.example` documents each one; keep the two in step. */
const schema = z.object({
  NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
  HOST: z.string().min(1).default("0.0.0.0"),
  /**
   * The proxies in front of the API (a load balancer, an ingress) whose X-Forwarded-For is to be
   * believed: a hop count or their addresses. Unset, the socket's address is the client's; behind
   * a proxy every client would then share the proxy's address, and its sign-in and web-form limits.
   */
  TRUST_PROXY: trustedProxies.optional(),
  /** 0 picks a free port (tests). */
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),

  DB_HOST: z.string().min(1).default("127.0.0.1"),
  DB_PORT: port.default(3306),
  DB_USER: z.string().min(1).default("root"),
  DB_PASSWORD: z.string().default(""),
  DB_NAME: z
    .string()
    .regex(/^[A-Za-z0-9_]+$/, "letters, digits and underscores only")
    .default("crm"),
  DB_POOL_SIZE: z.coerce.number().int().min(1).max(500).default(10),
  DB_MIGRATE_ON_START: flag.default(true),

  REDIS_URL: z.url({ protocol: /^rediss?$/ }).default("redis://127.0.0.1:6379"),
  REDIS_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_.-]+$/, "letters, digits, '_', '.' and '-' only")
    .default("crm"),

  /** Which modules this deployment serves; unset means every registered module, empty means none. */
  CRM_MODULES: list.optional(),
  /** Which queues this process works; unset means all queues of the enabled modules. */
  WORKER_QUEUES: list.optional(),
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(5),
  /**
   * How long a worker's lock on a job lasts without renewal (renewed every half of it), and how
   * often workers look for jobs whose lock lapsed. A job of a worker that died runs again after
   * at most about twice this; shorter means faster recovery but more false stalls on a busy loop.
   */
  WORKER_LOCK_MS: z.coerce.number().int().min(1_000).max(600_000).default(30_000),

  /** Signs access tokens (HS256). Required in production; at least 32 characters. */
  JWT_SECRET: z.string().min(32, "at least 32 characters").optional(),
  ACCESS_TOKEN_TTL_S: z.coerce.number().int().min(60).max(86_400).default(900),
  REFRESH_TOKEN_TTL_S: z.coerce.number().int().min(3_600).max(31_536_000).default(30 * 86_400),
  /** Bearer token of the platform operator, who alone may create tenants; unset disables tenantCreate. */
  PLATFORM_ADMIN_TOKEN: z.string().min(32, "at least 32 characters").optional(),
  /** Failed logins in a row before an account locks, and for how long. */
  LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).max(100).default(5),
  LOGIN_LOCKOUT_S: z.coerce.number().int().min(1).max(86_400).default(900),

  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(15_000),
  OUTBOX_SWEEP_MS: z.coerce.number().int().min(100).max(3_600_000).default(5_000),
  /** Most events one handler job carries when the relay finds a backlog; they share one transaction. 1 turns batching off. */
  EVENT_BATCH_SIZE: z.coerce.number().int().min(1).max(500).default(50),
  GRAPHQL_IDE: flag.optional(),
  /** Where the file store keeps bytes (uploads, import reports, exports); created if missing. */
  FILE_STORAGE_DIR: z.string().min(1).default("./var/files"),
  /** Largest CSV that `POST /imports` accepts, in bytes. */
  IMPORT_MAX_BYTES: z.coerce.number().int().min(1_024).max(10 * 1024 ** 3).default(100 * 1024 ** 2),
  /** Rows an import writes per transaction (and per multi-row statement). */
  IMPORT_BATCH_SIZE: z.coerce.number().int().min(1).max(5_000).default(1_000),
  /** Where clients reach this API from outside (https://crm.example.com), for links it hands out; default http://localhost:PORT. */
  PUBLIC_URL: z.string().url().optional(),
  /** Outgoing mail server, e.g. smtp://user:pass@mail.example.com:587 (smtps:// for implicit TLS); unset, nothing can be emailed. */
  SMTP_URL: z.string().url().optional(),
  /** The From of outgoing mail. */
  MAIL_FROM: z.string().min(3).default("CRM <no-reply@localhost>"),
  /** `npm start` loads demo data (idempotently); default on unless NODE_ENV=production. */
  DEMO_DATA: flag.optional(),
});

type Raw = z.infer<typeof schema>;

/** Every variable core reads, for the documentation check. */
export const CONFIG_VARIABLES: readonly string[] = Object.keys(schema.shape);

export interface Config extends Omit<Raw, "GRAPHQL_IDE" | "DEMO_DATA" | "JWT_SECRET" | "PUBLIC_URL"> {
  PUBLIC_URL: string;
  GRAPHQL_IDE: boolean;
  DEMO_DATA: boolean;
  JWT_SECRET: string;
}

/** Outside production a fixed secret keeps a laptop's tokens valid across restarts. */
const DEVELOPMENT_JWT_SECRET = "development-only-secret-never-use-in-production";

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}\nSee .env.example for every variable.`);
    this.name = "ConfigError";
  }
}

/** Parses the environment once; a bad value stops the process with the variable's name. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const result = schema.safeParse(env);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((issue) => `${issue.path.join(".") || "(root)"}: ${issue.message}`),
    );
  }
  const raw = result.data;
  const development = raw.NODE_ENV !== "production";
  if (!development && !raw.JWT_SECRET) throw new ConfigError(["JWT_SECRET: required when NODE_ENV=production"]);
  return {
    ...raw,
    GRAPHQL_IDE: raw.GRAPHQL_IDE ?? development,
    DEMO_DATA: raw.DEMO_DATA ?? development,
    JWT_SECRET: raw.JWT_SECRET ?? DEVELOPMENT_JWT_SECRET,
    PUBLIC_URL: (raw.PUBLIC_URL ?? `http://localhost:${raw.PORT}`).replace(/\/+$/, ""),
  };
}

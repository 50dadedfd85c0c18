import "reflect-metadata";
import { createHash, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { createPool, type Pool, type RowDataPacket } from "mysql2/promise";
import { loadConfig } from "../core/config/config";
import { toGlobalId } from "../core/graphql/relay/global-id";

/**
 * The baseline of the partner list: a bare node:http server answering the same data in the same
 * JSON shape (global ids, cursors, newest interactions first) with hand-written SQL through a
 * mysql2 pool, behind the same API-key check (prefix lookup cached per process, SHA-256
 * compared in constant time). No GraphQL, no ORM, no framework: what the query costs at the
 * least, so the API's throughput can be read as a ratio of it.
 *
 * Run as its own process (`node dist/bench/baseline-server.js`, DB_* as for the API, PORT);
 * it prints `listening <port>` once it accepts requests.
 */

interface PartnerVariables {
  first: number;
  contactsFirst: number;
  interactionsFirst: number;
}

interface Tally {
  statements: number;
}

interface KeyRow extends RowDataPacket {
  tenant_id: string;
  key_hash: string;
  revoked_at: Date | null;
  expires_at: Date | null;
}

const KEY = /^crm_([A-Za-z0-9]{12})_([A-Za-z0-9_-]{43})$/;
const CACHE_MS = 30_000;

function cursorOf(values: (string | number)[]): string {
  return Buffer.from(JSON.stringify(values)).toString("base64url");
}

export class BaselineServer {
  private readonly keys = new Map<string, { row: KeyRow | null; expires: number }>();

  constructor(private readonly pool: Pool) {}

  /** Counts each request's statements (reported in `x-sql-statements`, as the API does). */
  private query<T extends RowDataPacket[]>(tally: Tally, sql: string, values: unknown[]): Promise<[T, unknown]> {
    tally.statements += 1;
    return this.pool.query<T>(sql, values);
  }

  /** The tenant of a valid key, or null. */
  async tenantOf(authorization: string | undefined, tally: Tally): Promise<string | null> {
    const key = /^Bearer\s+(\S+)$/i.exec(authorization ?? "")?.[1] ?? "";
    const prefix = KEY.exec(key)?.[1];
    if (!prefix) return null;
    let hit = this.keys.get(prefix);
    if (!hit || hit.expires <= Date.now()) {
      const [rows] = await this.query<KeyRow[]>(tally, "SELECT tenant_id, key_hash, revoked_at, expires_at FROM api_client WHERE key_prefix = ?", [prefix]);
      hit = { row: rows[0] ?? null, expires: Date.now() + CACHE_MS };
      this.keys.set(prefix, hit);
    }
    const row = hit.row;
    if (!row || row.revoked_at || (row.expires_at && row.expires_at.getTime() <= Date.now())) return null;
    const hash = createHash("sha256").update(key).digest("hex");
    return timingSafeEqual(Buffer.from(row.key_hash), Buffer.from(hash)) ? String(row.tenant_id) : null;
  }

  /** Accounts by name, each with its contacts by name and their latest interactions: three statements. */
  async partnerList(tenantId: string, { first, contactsFirst, interactionsFirst }: PartnerVariables, tally: Tally): Promise<unknown> {
    const [accounts] = await this.query<RowDataPacket[]>(
          tally,
      "SELECT id, name, domain, region FROM account WHERE tenant_id = ? AND merged_into_id IS NULL AND archived_at IS NULL ORDER BY name, id LIMIT ?",
      [tenantId, first + 1],
    );
    const page = accounts.slice(0, first);
    const accountIds = page.map((a) => String(a.id));
    const [contacts] = accountIds.length
      ? await this.query<RowDataPacket[]>(
          tally,
          "SELECT t.g, c.id, c.first_name, c.last_name, c.primary_email, c.primary_phone FROM (" +
            "SELECT l.account_id AS g, c.id, ROW_NUMBER() OVER (PARTITION BY l.account_id ORDER BY c.last_name, c.first_name, c.id) AS rn " +
            "FROM contact c JOIN account_contact l ON l.contact_id = c.id AND l.tenant_id = c.tenant_id " +
            "WHERE c.tenant_id = ? AND c.merged_into_id IS NULL AND l.account_id IN (?)) t " +
            "JOIN contact c ON c.id = t.id WHERE t.rn <= ? ORDER BY t.g, t.rn",
          [tenantId, accountIds, contactsFirst],
        )
      : [[]];
    const contactIds = [...new Set(contacts.map((c) => String(c.id)))];
    const [interactions] = contactIds.length
      ? await this.query<RowDataPacket[]>(
          tally,
          "SELECT t.g, i.id, i.channel, i.direction, i.occurred_at, i.subject FROM (" +
            "SELECT p.contact_id AS g, p.interaction_id AS id, ROW_NUMBER() OVER (PARTITION BY p.contact_id ORDER BY p.occurred_at DESC, p.interaction_id DESC) AS rn " +
            "FROM interaction_participant p WHERE p.tenant_id = ? AND p.contact_id IN (?)) t " +
            "JOIN interaction i ON i.id = t.id WHERE t.rn <= ? ORDER BY t.g, t.rn",
          [tenantId, contactIds, interactionsFirst],
        )
      : [[]];
    const timelines = new Map<string, unknown[]>();
    for (const i of interactions) {
      const list = timelines.get(String(i.g)) ?? [];
      list.push({
        id: toGlobalId("Interaction", String(i.id)),
        channel: i.channel,
        direction: i.direction,
        occurredAt: (i.occurred_at as Date).toISOString(),
        subject: i.subject,
      });
      timelines.set(String(i.g), list);
    }
    const contactsOf = new Map<string, unknown[]>();
    for (const c of contacts) {
      const list = contactsOf.get(String(c.g)) ?? [];
      list.push({
        id: toGlobalId("Contact", String(c.id)),
        firstName: c.first_name,
        lastName: c.last_name,
        primaryEmail: c.primary_email,
        primaryPhone: c.primary_phone,
        timeline: { nodes: timelines.get(String(c.id)) ?? [] },
      });
      contactsOf.set(String(c.g), list);
    }
    const last = page.at(-1);
    return {
      data: {
        accounts: {
          pageInfo: { hasNextPage: accounts.length > first, endCursor: last ? cursorOf([last.name as string, String(last.id)]) : null },
          nodes: page.map((a) => ({
            id: toGlobalId("Account", String(a.id)),
            name: a.name,
            domain: a.domain,
            region: a.region,
            contacts: { nodes: contactsOf.get(String(a.id)) ?? [] },
          })),
        },
      },
    };
  }

  async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    // The bench waits for this, as it does for the API's.
    if (request.url === "/readyz") return void response.end(JSON.stringify({ status: "ready" }));
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const send = (status: number, body: unknown) => {
      response.writeHead(status, { "content-type": "application/json", "x-sql-statements": String(tally.statements) });
      response.end(JSON.stringify(body));
    };
    const tally: Tally = { statements: 0 };
    const tenantId = await this.tenantOf(request.headers.authorization, tally);
    if (!tenantId) return send(200, { errors: [{ message: "Not authenticated.", extensions: { code: "UNAUTHENTICATED" } }] });
    const { variables } = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { variables: PartnerVariables };
    send(200, await this.partnerList(tenantId, variables, tally));
  }
}

async function main(): Promise<void> {
  const config = loadConfig();
  const pool = createPool({
    host: config.DB_HOST,
    port: config.DB_PORT,
    user: config.DB_USER,
    password: config.DB_PASSWORD,
    database: config.DB_NAME,
    connectionLimit: config.DB_POOL_SIZE,
    timezone: "Z",
    supportBigNumbers: true,
    bigNumberStrings: true,
  });
  const baseline = new BaselineServer(pool);
  const server = createServer((request, response) => {
    baseline.handle(request, response).catch((error: unknown) => {
      response.writeHead(500, { "content-type": "application/json" });
      response.end(JSON.stringify({ errors: [{ message: error instanceof Error ? error.message : String(error) }] }));
    });
  });
  server.listen(config.PORT, "127.0.0.1", () => process.stdout.write(`listening ${(server.address() as AddressInfo).port}\n`));
  const stop = () => server.close(() => void pool.end().then(() => process.exit(0)));
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`baseline-server: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  });
}

import { randomBytes, timingSafeEqual } from "node:crypto";
import type { DataSource } from "typeorm";
import type { Principal } from "../graphql/context";
import { ApiClient } from "./identity.entities";
import { sha256 } from "./tokens";

const KEY = /^crm_([A-Za-z0-9]{12})_([A-Za-z0-9_-]{43})$/;
const CACHE_MS = 30_000;
const TOUCH_EVERY_MS = 60_000;

export function newApiKey(): { key: string; prefix: string; hash: string } {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  const prefix = [...randomBytes(12)].map((byte) => alphabet[byte % alphabet.length]).join("");
  const key = `crm_${prefix}_${randomBytes(32).toString("base64url")}`;
  return { key, prefix, hash: sha256(key) };
}

export function looksLikeApiKey(value: string): boolean {
  return KEY.test(value);
}

/**
 * Authenticates API keys. Rows are cached per process for CACHE_MS (a revocation applies
 * at once in the revoking process and within CACHE_MS elsewhere); last use is written at most
 * once a minute per key.
 */
export class ApiKeyAuthenticator {
  private readonly cache = new Map<string, { row: ApiClient | null; expires: number }>();
  private readonly touched = new Map<string, number>();

  constructor(private readonly dataSource: DataSource) {}

  async authenticate(key: string): Promise<Principal | null> {
    const prefix = KEY.exec(key)?.[1];
    if (!prefix) return null;
    const row = await this.lookup(prefix);
    if (!row || row.revokedAt || (row.expiresAt && row.expiresAt.getTime() <= Date.now())) return null;
    if (!timingSafeEqual(Buffer.from(row.keyHash), Buffer.from(sha256(key)))) return null;
    this.touch(row);
    return {
      kind: "apiClient",
      id: row.id,
      tenantId: row.tenantId,
      permissions: new Set(row.scopes),
      admin: false,
      visibility: { scope: "all" },
    };
  }

  forget(prefix: string): void {
    this.cache.delete(prefix);
  }

  private async lookup(prefix: string): Promise<ApiClient | null> {
    const hit = this.cache.get(prefix);
    if (hit && hit.expires > Date.now()) return hit.row;
    const row = await this.dataSource.getRepository(ApiClient).findOneBy({ keyPrefix: prefix });
    this.cache.set(prefix, { row, expires: Date.now() + CACHE_MS });
    return row;
  }

  private touch(row: ApiClient): void {
    const last = this.touched.get(row.id) ?? 0;
    if (Date.now() - last < TOUCH_EVERY_MS) return;
    this.touched.set(row.id, Date.now());
    void this.dataSource
      .getRepository(ApiClient)
      .update({ id: row.id }, { lastUsedAt: new Date() })
      .catch(() => this.touched.delete(row.id));
  }
}

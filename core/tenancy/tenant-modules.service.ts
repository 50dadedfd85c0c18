import type { DataSource } from "typeorm";
import { TenantModuleSetting } from "./tenant-module-setting.entity";

/** How long a process trusts what it read; a switch made in another process applies within this. */
const TTL_MS = 10_000;

/**
 * Which modules each tenant switched off. Every module resolver asks, so the answer is cached
 * per process: one SQL statement per tenant every TTL instead of one per request.
 */
export class TenantModuleSwitches {
  private readonly cache = new Map<string, { expires: number; disabled: Promise<ReadonlySet<string>> }>();

  constructor(private readonly dataSource: DataSource) {}

  disabledFor(tenantId: string): Promise<ReadonlySet<string>> {
    const hit = this.cache.get(tenantId);
    if (hit && hit.expires > Date.now()) return hit.disabled;
    const disabled = this.load(tenantId);
    this.cache.set(tenantId, { expires: Date.now() + TTL_MS, disabled });
    disabled.catch(() => this.cache.delete(tenantId));
    return disabled;
  }

  /** The tenants that switched `module` off, read now: for system work that sweeps across tenants. */
  async tenantsWithout(module: string): Promise<string[]> {
    const rows = await this.dataSource.getRepository(TenantModuleSetting).find({ select: { tenantId: true }, where: { module, enabled: false } });
    return rows.map((row) => String(row.tenantId));
  }

  /** Called after a switch commits in this process. */
  forget(tenantId: string): void {
    this.cache.delete(tenantId);
  }

  private async load(tenantId: string): Promise<ReadonlySet<string>> {
    const rows = await this.dataSource.getRepository(TenantModuleSetting).find({
      select: { module: true },
      where: { tenantId, enabled: false },
    });
    return new Set(rows.map((row) => row.module));
  }
}

import type { DataSource, ObjectLiteral, SelectQueryBuilder } from "typeorm";
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

/**
 * Narrows a query of system work that sweeps across tenants (reminders, overdue leads) to rows
 * whose tenant (`tenantColumn`, e.g. `a.tenantId`) has not switched `module` off, in the same
 * statement, as the worker pool leaves out such tenants' jobs.
 */
export function whereModuleOn<T extends ObjectLiteral>(query: SelectQueryBuilder<T>, tenantColumn: string, module: string): SelectQueryBuilder<T> {
  const switchedOff = query
    .subQuery()
    .select("1")
    .from(TenantModuleSetting, "module_off")
    .where(`module_off.tenantId = ${tenantColumn} AND module_off.module = :switchedOffModule AND module_off.enabled = false`)
    .getQuery();
  return query.andWhere(`NOT EXISTS ${switchedOff}`, { switchedOffModule: module });
}

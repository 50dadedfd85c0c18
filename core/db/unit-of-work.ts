import type { DataSource, EntityManager } from "typeorm";
import type { AfterCommitBus } from "../events/after-commit-bus";
import type { DomainEvent, EventCatalog, EventType } from "../events/catalog";
import { OutboxEvent } from "../events/outbox-event.entity";
import { TenantScope, type Visibility } from "./tenant-scope";

export interface WorkScope {
  tenantId: string;
  /** `<kind>:<id>` of the principal, or null for system work. */
  actor: string | null;
  requestId: string | null;
  /** Which owned records the work may touch; system work sees the whole tenant. */
  visibility?: Visibility;
  /** The GraphQL mutation or job that does the work, for the audit log. */
  operation?: string;
}

/** What the audit subscriber reads from the transaction's query runner. */
export interface AuditedQueryRunnerData {
  work?: WorkScope;
}

/** One business transaction: its entity manager, and the events that commit with it. */
export class UnitOfWork {
  private readonly events: DomainEvent[] = [];
  private readonly callbacks: (() => void | Promise<void>)[] = [];

  /** Tenant data inside this transaction; see TenantScope. */
  readonly scope: TenantScope;

  constructor(
    readonly manager: EntityManager,
    readonly work: WorkScope,
  ) {
    this.scope = new TenantScope(manager, work.tenantId, work.visibility);
    if (manager.queryRunner) (manager.queryRunner.data as AuditedQueryRunnerData).work = work;
  }

  get tenantId(): string {
    return this.work.tenantId;
  }

  /** Writes the event to the outbox inside this transaction: it exists exactly when the change does. */
  async emit<T extends EventType>(type: T, payload: EventCatalog[T]): Promise<DomainEvent<T>> {
    const occurredAt = new Date();
    const result = await this.manager.insert(OutboxEvent, {
      tenantId: this.work.tenantId,
      type,
      payload,
      actor: this.work.actor,
      requestId: this.work.requestId,
      occurredAt,
      dispatchedAt: null,
    });
    const event: DomainEvent<T> = {
      id: String(result.identifiers[0]!.id),
      type,
      tenantId: this.work.tenantId,
      occurredAt: occurredAt.toISOString(),
      actor: this.work.actor,
      requestId: this.work.requestId,
      payload,
    };
    this.events.push(event as DomainEvent);
    return event;
  }

  /**
   * Runs `work` in a savepoint of this transaction. If it throws, its writes are rolled back and
   * so are the events it emitted and the callbacks it registered: nothing announces undone work.
   */
  async savepoint<T>(work: () => Promise<T>): Promise<T> {
    const events = this.events.length;
    const callbacks = this.callbacks.length;
    try {
      return await this.manager.transaction(() => work());
    } catch (error) {
      this.events.length = events;
      this.callbacks.length = callbacks;
      throw error;
    }
  }

  /** Runs after a successful commit, never after a rollback. */
  afterCommit(callback: () => void | Promise<void>): void {
    this.callbacks.push(callback);
  }

  get emitted(): readonly DomainEvent[] {
    return this.events;
  }

  get pendingCallbacks(): readonly (() => void | Promise<void>)[] {
    return this.callbacks;
  }
}

/** Runs business work in a transaction, then tells in-process listeners and the relay about its events. */
export class TransactionRunner {
  constructor(
    private readonly dataSource: DataSource,
    private readonly bus: AfterCommitBus,
    private readonly onEventsCommitted: () => void,
  ) {}

  async run<T>(scope: WorkScope, work: (uow: UnitOfWork) => Promise<T>): Promise<T> {
    let uow: UnitOfWork | undefined;
    const result = await this.dataSource.transaction(async (manager) => {
      uow = new UnitOfWork(manager, scope);
      return work(uow);
    });
    await this.committed(uow!);
    return result;
  }

  /** For work that already owns a transaction (event handlers): the caller commits, then calls `committed`. */
  async committed(uow: UnitOfWork): Promise<void> {
    for (const callback of uow.pendingCallbacks) await callback();
    if (uow.emitted.length > 0) {
      await this.bus.publish(uow.emitted);
      this.onEventsCommitted();
    }
  }
}

import { createHash, randomBytes } from "node:crypto";
import type { DataSource } from "typeorm";
import { TenantScope } from "../../../core/db/tenant-scope";
import type { UnitOfWork } from "../../../core/db/unit-of-work";
import { User, UserStatus } from "../../../core/identity/identity.entities";
import { CalendarFeed } from "../entities/calendar-feed.entity";
import { Activity, ActivityStatus } from "../entities/activity.entity";

export const FEED_PATH = "/sfa/calendar";
const DAY_MS = 86_400_000;
/** What a feed holds: recent history for context, and the year ahead. */
export const FEED_WINDOW = { pastMs: 30 * DAY_MS, futureMs: 365 * DAY_MS } as const;
/** Enough for a very busy rep's window; a client's calendar stays responsive. */
const MAX_ITEMS = 5_000;

function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** The feed's address on the API's origin; the token appears here only, never in storage. */
export function feedPath(token: string): string {
  return `${FEED_PATH}/${token}.ics`;
}

/** Gives the user a new feed token, replacing (and so invalidating) any earlier one. */
export async function createFeed(uow: UnitOfWork, userId: string): Promise<string> {
  const token = randomBytes(32).toString("base64url");
  const feed =
    (await uow.scope.query(CalendarFeed, "f").andWhere("f.userId = :userId", { userId }).setLock("pessimistic_write").getOne()) ??
    uow.scope.create(CalendarFeed, { userId });
  Object.assign(feed, { tokenHash: hashToken(token), revokedAt: null });
  await uow.scope.save(feed);
  return token;
}

/** Ends the user's feed; false when there was no active one. */
export async function revokeFeed(uow: UnitOfWork, userId: string): Promise<boolean> {
  const feed = await uow.scope.findOneBy(CalendarFeed, { userId });
  if (!feed || feed.revokedAt) return false;
  feed.revokedAt = new Date();
  await uow.scope.save(feed);
  return true;
}

/** The active user a token belongs to, or null (unknown or revoked token, disabled user). */
export async function feedUser(dataSource: DataSource, token: string): Promise<User | null> {
  // The token is the credential, as an API key is: its hash finds the tenant, so this one lookup is unscoped.
  const feed = await dataSource.getRepository(CalendarFeed).findOneBy({ tokenHash: hashToken(token) });
  if (!feed || feed.revokedAt) return null;
  const user = await new TenantScope(dataSource.manager, feed.tenantId).findOneBy(User, { id: feed.userId });
  return user?.status === UserStatus.ACTIVE ? user : null;
}

/** The user's own open and completed activities due in the feed's window, in due order. */
export function feedActivities(dataSource: DataSource, user: User, now = Date.now()): Promise<Activity[]> {
  const own = new TenantScope(dataSource.manager, user.tenantId, { scope: "own", userId: user.id });
  return own
    .query(Activity, "a")
    .andWhere("a.status IN (:...statuses)", { statuses: [ActivityStatus.OPEN, ActivityStatus.COMPLETED] })
    .andWhere("a.dueAt >= :from AND a.dueAt < :to", { from: new Date(now - FEED_WINDOW.pastMs), to: new Date(now + FEED_WINDOW.futureMs) })
    .orderBy("a.dueAt", "ASC")
    .addOrderBy("a.id", "ASC")
    .limit(MAX_ITEMS)
    .getMany();
}

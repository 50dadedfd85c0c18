import { pageLoaderKey, scopedLoader } from "../../../core/graphql/batch";
import type { RequestContext } from "../../../core/graphql/context";
import type { ConnectionArgs, ConnectionResult, SortKey } from "../../../core/graphql/relay/connection";
import { paginateGroups } from "../../../core/graphql/relay/grouped-connection";
import { Activity, ActivityParticipant } from "../entities/activity.entity";

/** Activities by due time, then id: the order of every activity list (the due-time indexes serve it). */
export const ACTIVITY_ORDER: readonly SortKey<Activity>[] = [
  { column: "a.dueAt", value: (a) => a.dueAt, direction: "ASC" },
  { column: "a.id", value: (a) => a.id, direction: "ASC" },
];

/**
 * The activities a contact (or an account) takes part in that the reader may see, a keyset page
 * per contact, batched per request and arguments: one statement for a whole page of contacts.
 */
export function activitiesOfParticipant(context: RequestContext, of: "contact" | "account", id: string, args: ConnectionArgs): Promise<ConnectionResult<Activity>> {
  const column = of === "contact" ? "p.contactId" : "p.accountId";
  return scopedLoader(context, pageLoaderKey(`sfa.activitiesBy:${of}`, args), async (scope, ids) => {
    const query = scope
      .query(Activity, "a")
      .innerJoin(ActivityParticipant, "p", "p.activityId = a.id AND p.tenantId = a.tenantId")
      .andWhere(`${column} IN (:...participantIds)`, { participantIds: ids });
    const pages = await paginateGroups(query, args, ACTIVITY_ORDER, { column, keys: ids, id: "a.id", rows: scope.query(Activity, "row"), idOf: (a) => a.id });
    return ids.map((key) => pages.get(key)!);
  }).load(id);
}

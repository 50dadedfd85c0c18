import { scopedLoader } from "../graphql/batch";
import type { RequestContext } from "../graphql/context";
import { Team, User } from "../identity/identity.entities";

/** The owner of an account or contact, batched per request. */
export function userOf(context: RequestContext, userId: string | null): Promise<User | null> {
  return userId ? scopedLoader(context, "core.userById", (scope, ids) => scope.byIds(User, ids)).load(userId) : Promise.resolve(null);
}

/** The team of an account or contact, batched per request. */
export function teamOf(context: RequestContext, teamId: string | null): Promise<Team | null> {
  return teamId ? scopedLoader(context, "core.teamById", (scope, ids) => scope.byIds(Team, ids)).load(teamId) : Promise.resolve(null);
}

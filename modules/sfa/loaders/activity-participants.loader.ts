import { scopedLoader } from "../../../core/graphql/batch";
import type { RequestContext } from "../../../core/graphql/context";
import { participantsOf, type Participants } from "../services/activity-participants";

/** An activity's contacts and accounts as row ids, batched per request. */
export function activityParticipantsOf(context: RequestContext, activityId: string): Promise<Participants> {
  return scopedLoader(context, "sfa.activityParticipants", async (scope, ids) => {
    const byActivity = await participantsOf(scope, ids);
    return ids.map((id) => byActivity.get(id)!);
  }).load(activityId);
}

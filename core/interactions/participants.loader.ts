import { groupBy, scopedLoader } from "../graphql/batch";
import type { RequestContext } from "../graphql/context";
import { InteractionParticipant } from "./interaction.entity";

const rank = (row: InteractionParticipant) => (row.contactId ? 0 : 1);
const idOf = (row: InteractionParticipant) => BigInt(row.contactId ?? row.accountId ?? 0);
const byKind = (a: InteractionParticipant, b: InteractionParticipant) => rank(a) - rank(b) || (idOf(a) < idOf(b) ? -1 : idOf(a) > idOf(b) ? 1 : 0);

/** An interaction's participant rows, contacts first, then accounts, each by id; batched per request. */
export function participantsOf(context: RequestContext, interactionId: string): Promise<InteractionParticipant[]> {
  return scopedLoader(context, "core.participantsByInteraction", async (scope, interactionIds) => {
    // Not a TenantEntity (keyed by interaction and participant), so the tenant is pinned here.
    const rows = await scope.manager
      .createQueryBuilder(InteractionParticipant, "p")
      .where("p.tenantId = :tenantId", { tenantId: scope.tenantId })
      .andWhere("p.interactionId IN (:...interactionIds)", { interactionIds })
      .getMany();
    return groupBy(interactionIds, rows.sort(byKind), (row) => row.interactionId);
  }).load(interactionId);
}

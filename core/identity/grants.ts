import type { EntityManager } from "typeorm";
import type { Visibility } from "../db/tenant-scope";
import { RecordVisibility, Role, TeamMember, UserRole } from "./identity.entities";
import type { VisibilityClaim } from "./tokens";

export interface Grants {
  permissions: string[];
  admin: boolean;
  visibility: VisibilityClaim;
  teamIds: string[];
}

const WIDTH: Record<RecordVisibility, number> = { [RecordVisibility.OWN]: 0, [RecordVisibility.TEAM]: 1, [RecordVisibility.ALL]: 2 };

/** What a user's roles add up to: the union of permissions and the widest visibility. */
export async function grantsOf(manager: EntityManager, tenantId: string, userId: string): Promise<Grants> {
  const [roles, teams] = await Promise.all([
    manager
      .createQueryBuilder(Role, "r")
      .innerJoin(UserRole, "ur", "ur.roleId = r.id AND ur.tenantId = r.tenantId")
      .where("ur.userId = :userId AND r.tenantId = :tenantId", { userId, tenantId })
      .getMany(),
    manager.findBy(TeamMember, { tenantId, userId }),
  ]);
  const admin = roles.some((role) => role.administrator);
  const widest = roles.reduce((best, role) => (WIDTH[role.visibility] > WIDTH[best] ? role.visibility : best), RecordVisibility.OWN);
  return {
    permissions: [...new Set(roles.flatMap((role) => role.permissions))].sort(),
    admin,
    visibility: admin ? "all" : (widest.toLowerCase() as VisibilityClaim),
    teamIds: teams.map((team) => team.teamId),
  };
}

export function visibilityOf(claim: VisibilityClaim, userId: string, teamIds: readonly string[]): Visibility {
  if (claim === "all") return { scope: "all" };
  if (claim === "team") return { scope: "team", userId, teamIds };
  return { scope: "own", userId };
}

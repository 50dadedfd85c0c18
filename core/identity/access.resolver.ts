import { Arg, Authorized, Ctx, Mutation, Query, Resolver } from "type-graphql";
import { isDuplicateKey } from "../db/errors";
import { requireTenant, workOf, type RequestContext } from "../graphql/context";
import { UserErrorCode, userError, validateInput, type UserError } from "../graphql/payload";
import { rowIdOf } from "../graphql/relay/global-id";
import { Permission, RoleInput, RolePayload, TeamCreateInput, TeamPayload } from "./admin.types";
import { Role, Team } from "./identity.entities";

/** Permissions of core and the enabled modules. */
export function permissionCatalog(context: RequestContext): Permission[] {
  return context.services.modules.active.flatMap((module) =>
    (module.permissions ?? []).map((p) => Object.assign(new Permission(), { key: p.key, description: p.description, module: module.name })),
  );
}

/** Unknown permission keys are refused, so a typo never silently grants nothing. */
export function unknownPermissions(context: RequestContext, keys: readonly string[], field: string[]): UserError[] {
  const known = new Set(permissionCatalog(context).map((p) => p.key));
  return keys.filter((key) => !known.has(key)).map((key) => userError(field, UserErrorCode.INVALID, `Unknown permission '${key}'.`));
}

@Resolver()
export class AccessResolver {
  @Authorized()
  @Query(() => [Permission], { description: "Every permission core and the enabled modules declare." })
  permissions(@Ctx() context: RequestContext): Permission[] {
    return permissionCatalog(context);
  }

  @Authorized("roles.manage")
  @Query(() => [Role])
  roles(@Ctx() context: RequestContext): Promise<Role[]> {
    return requireTenant(context).find(Role, { order: { name: "ASC" } });
  }

  @Authorized("roles.manage")
  @Mutation(() => RolePayload, { description: "Creates a role, or changes one when `id` is given. The Administrator role cannot change." })
  async roleSave(@Arg("input", () => RoleInput) input: RoleInput, @Ctx() context: RequestContext): Promise<RolePayload> {
    const payload = new RolePayload();
    const id = input.id ? rowIdOf(input.id, "Role", ["input", "id"]) : { rowId: null, errors: [] };
    payload.userErrors = [...(await validateInput(input)), ...id.errors, ...unknownPermissions(context, input.permissions, ["input", "permissions"])];
    if (payload.userErrors.length > 0) return payload;
    try {
      const saved = await context.services.transactions.run(workOf(context, "roleSave"), async (uow) => {
        const role = id.rowId ? await uow.scope.findOneBy(Role, { id: id.rowId }) : uow.scope.create(Role, { administrator: false });
        if (!role) return userError(["input", "id"], UserErrorCode.NOT_FOUND, "No such role.");
        if (role.administrator) return userError(["input", "id"], UserErrorCode.FORBIDDEN, "The Administrator role cannot be changed.");
        Object.assign(role, { name: input.name.trim(), permissions: [...new Set(input.permissions)].sort(), visibility: input.visibility });
        return uow.scope.save(role);
      });
      if (saved instanceof Role) payload.role = saved;
      else payload.userErrors.push(saved);
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      payload.userErrors.push(userError(["input", "name"], UserErrorCode.TAKEN, `A role named '${input.name}' exists.`));
    }
    return payload;
  }

  @Authorized()
  @Query(() => [Team])
  teams(@Ctx() context: RequestContext): Promise<Team[]> {
    return requireTenant(context).find(Team, { order: { name: "ASC" } });
  }

  @Authorized("users.manage")
  @Mutation(() => TeamPayload)
  async teamCreate(@Arg("input", () => TeamCreateInput) input: TeamCreateInput, @Ctx() context: RequestContext): Promise<TeamPayload> {
    const payload = new TeamPayload();
    payload.userErrors = await validateInput(input);
    if (payload.userErrors.length > 0) return payload;
    try {
      payload.team = await context.services.transactions.run(workOf(context, "teamCreate"), (uow) =>
        uow.scope.save(uow.scope.create(Team, { name: input.name.trim() })),
      );
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      payload.userErrors.push(userError(["input", "name"], UserErrorCode.TAKEN, `A team named '${input.name}' exists.`));
    }
    return payload;
  }
}

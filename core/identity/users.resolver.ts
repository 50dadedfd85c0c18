import DataLoader from "dataloader";
import { In } from "typeorm";
import { Arg, Args, Authorized, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from "type-graphql";
import type { AuditChanges } from "../audit/audit-entry.entity";
import { writeChangedFields } from "../audit/audit-writer";
import { TenantScope } from "../db/tenant-scope";
import type { UnitOfWork } from "../db/unit-of-work";
import { isDuplicateKey } from "../db/errors";
import { requireTenant, workOf, type RequestContext } from "../graphql/context";
import { UserErrorCode, userError, validateInput, type UserError } from "../graphql/payload";
import { ConnectionArgs, paginate, type ConnectionResult } from "../graphql/relay/connection";
import { rowIdOf, rowIdsOf } from "../graphql/relay/global-id";
import { UserConnection, UserCreateInput, UserPayload, UserUpdateInput } from "./admin.types";
import { Role, Team, TeamMember, User, UserRole, UserStatus } from "./identity.entities";
import { hashPassword } from "./password";
import { normaliseEmail } from "./sessions.service";

/** Checks that every id names a row of the tenant; unknown and foreign ids alike are NOT_FOUND. */
async function existing<T extends Role | Team>(scope: TenantScope, entity: new () => T, ids: string[], field: string[]): Promise<UserError[]> {
  if (ids.length === 0) return [];
  const found = new Set((await scope.findBy(entity, { id: In(ids) } as never)).map((row) => row.id));
  return ids.filter((id) => !found.has(id)).map(() => userError(field, UserErrorCode.NOT_FOUND, `No such ${entity.name.toLowerCase()}.`));
}

/**
 * Replaces the user's roles and teams (null leaves them). The link tables are not entities the
 * audit log follows, so a change is written to the user's trail as `roleIds` / `teamIds`: who
 * was given which rights is what an audit of access asks first.
 */
async function assign(uow: UnitOfWork, user: User, roleIds: string[] | null, teamIds: string[] | null): Promise<void> {
  const tenantId = uow.tenantId;
  const changes: AuditChanges = {};
  if (roleIds) {
    const before = (await uow.manager.findBy(UserRole, { tenantId, userId: user.id })).map((link) => String(link.roleId));
    await uow.manager.delete(UserRole, { tenantId, userId: user.id });
    if (roleIds.length > 0) await uow.manager.insert(UserRole, roleIds.map((roleId) => ({ tenantId, userId: user.id, roleId })));
    changes.roleIds = { before: idSet(before), after: idSet(roleIds) };
  }
  if (teamIds) {
    const before = (await uow.manager.findBy(TeamMember, { tenantId, userId: user.id })).map((link) => String(link.teamId));
    await uow.manager.delete(TeamMember, { tenantId, userId: user.id });
    if (teamIds.length > 0) await uow.manager.insert(TeamMember, teamIds.map((teamId) => ({ tenantId, userId: user.id, teamId })));
    changes.teamIds = { before: idSet(before), after: idSet(teamIds) };
  }
  await writeChangedFields(uow, "User", user.id, changes);
}

/** Row ids as a set in the audit trail: each once, in numeric order, so equal sets compare equal. */
function idSet(ids: readonly string[]): string[] {
  return [...new Set(ids)].sort((a, b) => Number(a) - Number(b));
}

/**
 * Roles or teams per user, batched per request. Keyed by the user's own tenant: the user row was
 * already visible to the caller (a session's own user is visible before sign-in completes).
 */
function membershipsOf<T extends Role | Team>(
  context: RequestContext,
  user: User,
  entity: new () => T,
  link: typeof UserRole | typeof TeamMember,
  linkColumn: "roleId" | "teamId",
): Promise<T[]> {
  const loader = context.loaders.getOrCreate(`core.${entity.name}ByUser:${user.tenantId}`, () => {
    const scope = new TenantScope(context.services.dataSource.manager, user.tenantId);
    return new DataLoader(async (userIds: readonly string[]) => {
      // Links first, then the rows they name: a role shared by two users must reach both.
      const links: { userId: string; targetId: string }[] = await scope.manager
        .createQueryBuilder(link, "l")
        .select(["l.userId AS userId", `l.${linkColumn} AS targetId`])
        .where("l.tenantId = :tenantId AND l.userId IN (:...userIds)", { tenantId: user.tenantId, userIds })
        .getRawMany();
      const targets = links.length > 0 ? await scope.find(entity, { where: { id: In([...new Set(links.map((l) => String(l.targetId)))]) } as never, order: { name: "ASC" } as never }) : [];
      return userIds.map((id) => {
        const mine = new Set(links.filter((l) => String(l.userId) === id).map((l) => String(l.targetId)));
        return targets.filter((target) => mine.has(target.id));
      });
    });
  });
  return loader.load(user.id);
}

@Resolver(() => User)
export class UsersResolver {
  @Authorized("users.manage")
  @Query(() => UserConnection, { description: "Staff users of your tenant, by name." })
  users(@Args(() => ConnectionArgs) args: ConnectionArgs, @Ctx() context: RequestContext): Promise<ConnectionResult<User>> {
    return paginate(requireTenant(context).query(User, "u"), args, [
      { column: "u.name", value: (u) => u.name, direction: "ASC" },
      { column: "u.id", value: (u) => u.id, direction: "ASC" },
    ]);
  }

  @FieldResolver(() => [Role])
  roles(@Root() user: User, @Ctx() context: RequestContext): Promise<Role[]> {
    return membershipsOf(context, user, Role, UserRole, "roleId");
  }

  @FieldResolver(() => [Team])
  teams(@Root() user: User, @Ctx() context: RequestContext): Promise<Team[]> {
    return membershipsOf(context, user, Team, TeamMember, "teamId");
  }

  @Authorized("users.manage")
  @Mutation(() => UserPayload, { description: "Adds a staff user with an initial password, roles and teams." })
  async userCreate(@Arg("input", () => UserCreateInput) input: UserCreateInput, @Ctx() context: RequestContext): Promise<UserPayload> {
    const payload = new UserPayload();
    const roles = rowIdsOf(input.roleIds, "Role", ["input", "roleIds"]);
    const teams = rowIdsOf(input.teamIds, "Team", ["input", "teamIds"]);
    const scope = requireTenant(context);
    payload.userErrors = [
      ...(await validateInput(input)),
      ...roles.errors,
      ...teams.errors,
      ...(await existing(scope, Role, roles.rowIds, ["input", "roleIds"])),
      ...(await existing(scope, Team, teams.rowIds, ["input", "teamIds"])),
    ];
    const email = normaliseEmail(input.email);
    if (payload.userErrors.length === 0 && (await scope.count(User, { email })) > 0) {
      payload.userErrors.push(userError(["input", "email"], UserErrorCode.TAKEN, `A user with the email ${email} exists.`));
    }
    if (payload.userErrors.length > 0) return payload;
    const passwordHash = await hashPassword(input.password);
    try {
      payload.user = await context.services.transactions.run(workOf(context, "userCreate"), async (uow) => {
        const user = await uow.scope.save(uow.scope.create(User, { email, name: input.name.trim(), passwordHash }));
        await assign(uow, user, roles.rowIds, teams.rowIds);
        return user;
      });
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      payload.userErrors.push(userError(["input", "email"], UserErrorCode.TAKEN, `A user with the email ${email} exists.`));
    }
    return payload;
  }

  @Authorized("users.manage")
  @Mutation(() => UserPayload, { description: "Renames, disables or re-enables a user, or replaces their roles or teams." })
  async userUpdate(@Arg("input", () => UserUpdateInput) input: UserUpdateInput, @Ctx() context: RequestContext): Promise<UserPayload> {
    const payload = new UserPayload();
    const id = rowIdOf(input.id, "User", ["input", "id"]);
    const roles = rowIdsOf(input.roleIds ?? [], "Role", ["input", "roleIds"]);
    const teams = rowIdsOf(input.teamIds ?? [], "Team", ["input", "teamIds"]);
    const scope = requireTenant(context);
    payload.userErrors = [
      ...(await validateInput(input)),
      ...id.errors,
      ...roles.errors,
      ...teams.errors,
      ...(await existing(scope, Role, roles.rowIds, ["input", "roleIds"])),
      ...(await existing(scope, Team, teams.rowIds, ["input", "teamIds"])),
    ];
    if (payload.userErrors.length > 0) return payload;
    const { sessions } = context.services.identity;
    payload.user = await context.services.transactions.run(workOf(context, "userUpdate"), async (uow) => {
      const user = await uow.scope.findOneBy(User, { id: id.rowId! });
      if (!user) return null;
      if (input.name) user.name = input.name.trim();
      const disabling = input.status === UserStatus.DISABLED && user.status !== UserStatus.DISABLED;
      if (input.status) user.status = input.status;
      await assign(uow, user, input.roleIds ? roles.rowIds : null, input.teamIds ? teams.rowIds : null);
      if (disabling) await sessions.revokeEverything(uow, user);
      // New grants must not wait for the old access tokens to expire.
      else if (input.roleIds || input.teamIds) sessions.invalidateAccess(uow, user);
      return uow.scope.save(user);
    });
    if (!payload.user) payload.userErrors.push(userError(["input", "id"], UserErrorCode.NOT_FOUND, "No such user."));
    return payload;
  }
}

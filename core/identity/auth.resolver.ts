import { Arg, Authorized, Ctx, Mutation, Query, Resolver } from "type-graphql";
import { requireStaff, requireTenant, workOf, type RequestContext } from "../graphql/context";
import { validateInput } from "../graphql/payload";
import { presentedToken } from "./authenticate";
import { AuthLoginInput, AuthLogoutPayload, AuthPasswordChangeInput, AuthPayload, AuthRefreshInput, AuthSession } from "./auth.types";
import { User } from "./identity.entities";
import type { SessionResult } from "./sessions.service";

async function payloadOf(result: Promise<SessionResult>): Promise<AuthPayload> {
  const { session, error } = await result;
  const payload = new AuthPayload();
  if (error) payload.userErrors = [error];
  else payload.session = Object.assign(new AuthSession(), session);
  return payload;
}

@Resolver()
export class AuthResolver {
  @Mutation(() => AuthPayload, { description: "Signs a staff user in with a password. Repeated failures lock the account for a while." })
  async authLogin(@Arg("input", () => AuthLoginInput) input: AuthLoginInput, @Ctx() context: RequestContext): Promise<AuthPayload> {
    const errors = await validateInput(input);
    if (errors.length > 0) return Object.assign(new AuthPayload(), { userErrors: errors });
    return payloadOf(context.services.identity.sessions.login(input.tenant, input.email, input.password, context.address, context.requestId));
  }

  @Mutation(() => AuthPayload, { description: "Trades a refresh token for a new session; the old refresh token stops working." })
  async authRefresh(@Arg("input", () => AuthRefreshInput) input: AuthRefreshInput, @Ctx() context: RequestContext): Promise<AuthPayload> {
    return payloadOf(context.services.identity.sessions.refresh(input.refreshToken));
  }

  @Mutation(() => AuthLogoutPayload, { description: "Ends this session: its refresh token and the access token sent with the call." })
  async authLogout(@Arg("input", () => AuthRefreshInput) input: AuthRefreshInput, @Ctx() context: RequestContext): Promise<AuthLogoutPayload> {
    const { tokens, sessions } = context.services.identity;
    const bearer = presentedToken(context.credentials);
    const access = bearer ? await tokens.verifyAccess(bearer).catch(() => null) : null;
    await sessions.logout(input.refreshToken, access);
    return new AuthLogoutPayload();
  }

  @Authorized()
  @Mutation(() => AuthPayload, { description: "Changes your password and ends every other session." })
  async authPasswordChange(@Arg("input", () => AuthPasswordChangeInput) input: AuthPasswordChangeInput, @Ctx() context: RequestContext): Promise<AuthPayload> {
    const userId = requireStaff(context);
    const errors = await validateInput(input);
    if (errors.length > 0) return Object.assign(new AuthPayload(), { userErrors: errors });
    return payloadOf(
      context.services.transactions.run(workOf(context, "authPasswordChange"), async (uow) => {
        const user = await uow.scope.findOneBy(User, { id: userId });
        if (!user) throw new Error(`Signed-in user ${userId} is missing`);
        return context.services.identity.sessions.changePassword(uow, user, input.currentPassword, input.newPassword);
      }),
    );
  }

  @Authorized()
  @Query(() => User, { description: "The signed-in staff user." })
  async me(@Ctx() context: RequestContext): Promise<User> {
    const userId = requireStaff(context);
    const user = await requireTenant(context).findOneBy(User, { id: userId });
    if (!user) throw new Error(`Signed-in user ${userId} is missing`);
    return user;
  }
}

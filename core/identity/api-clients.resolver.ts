import { Arg, Authorized, Ctx, Mutation, Query, Resolver } from "type-graphql";
import { requireTenant, workOf, type RequestContext } from "../graphql/context";
import { UserErrorCode, userError, validateInput } from "../graphql/payload";
import { rowIdOf } from "../graphql/relay/global-id";
import { unknownPermissions } from "./access.resolver";
import { ApiClientCreateInput, ApiClientCreatePayload, ApiClientPayload, ApiClientRevokeInput } from "./admin.types";
import { newApiKey } from "./api-keys";
import { ApiClient } from "./identity.entities";

@Resolver()
export class ApiClientsResolver {
  @Authorized("apiClients.manage")
  @Query(() => [ApiClient], { description: "Your tenant's API keys, newest first; revoked ones included." })
  apiClients(@Ctx() context: RequestContext): Promise<ApiClient[]> {
    return requireTenant(context).find(ApiClient, { order: { id: "DESC" } });
  }

  @Authorized("apiClients.manage")
  @Mutation(() => ApiClientCreatePayload, { description: "Creates an API key for a partner or an integration. The key is shown once." })
  async apiClientCreate(@Arg("input", () => ApiClientCreateInput) input: ApiClientCreateInput, @Ctx() context: RequestContext): Promise<ApiClientCreatePayload> {
    const payload = new ApiClientCreatePayload();
    payload.userErrors = [...(await validateInput(input)), ...unknownPermissions(context, input.scopes, ["input", "scopes"])];
    if (input.expiresAt && input.expiresAt.getTime() <= Date.now()) {
      payload.userErrors.push(userError(["input", "expiresAt"], UserErrorCode.INVALID, "The expiry must be in the future."));
    }
    if (payload.userErrors.length > 0) return payload;
    const { key, prefix, hash } = newApiKey();
    payload.apiClient = await context.services.transactions.run(workOf(context, "apiClientCreate"), (uow) =>
      uow.scope.save(
        uow.scope.create(ApiClient, {
          name: input.name.trim(),
          keyPrefix: prefix,
          keyHash: hash,
          scopes: [...new Set(input.scopes)].sort(),
          expiresAt: input.expiresAt ?? null,
          lastUsedAt: null,
          revokedAt: null,
        }),
      ),
    );
    payload.key = key;
    return payload;
  }

  @Authorized("apiClients.manage")
  @Mutation(() => ApiClientPayload, { description: "Revokes an API key for good." })
  async apiClientRevoke(@Arg("input", () => ApiClientRevokeInput) input: ApiClientRevokeInput, @Ctx() context: RequestContext): Promise<ApiClientPayload> {
    const payload = new ApiClientPayload();
    const id = rowIdOf(input.id, "ApiClient", ["input", "id"]);
    payload.userErrors = id.errors;
    if (payload.userErrors.length > 0) return payload;
    payload.apiClient = await context.services.transactions.run(workOf(context, "apiClientRevoke"), async (uow) => {
      const client = await uow.scope.findOneBy(ApiClient, { id: id.rowId! });
      if (!client) return null;
      client.revokedAt ??= new Date();
      const saved = await uow.scope.save(client);
      uow.afterCommit(() => context.services.identity.apiKeys.forget(client.keyPrefix));
      return saved;
    });
    if (!payload.apiClient) payload.userErrors.push(userError(["input", "id"], UserErrorCode.NOT_FOUND, "No such API client."));
    return payload;
  }
}

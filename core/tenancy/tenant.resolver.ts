import { Arg, Ctx, Mutation, Resolver } from "type-graphql";
import type { RequestContext } from "../graphql/context";
import { ErrorCode, clientError } from "../graphql/errors";
import { UserErrorCode, userError, validateInput } from "../graphql/payload";
import { isDuplicateKey } from "../db/errors";
import { Tenant } from "./tenant.entity";
import { provisionTenant } from "./tenant-provisioning";
import { TenantCreateInput, TenantCreatePayload } from "./tenant.types";

@Resolver()
export class TenantResolver {
  @Mutation(() => TenantCreatePayload, { description: "Creates a tenant with its first administrator. Platform operator only." })
  async tenantCreate(@Arg("input", () => TenantCreateInput) input: TenantCreateInput, @Ctx() context: RequestContext): Promise<TenantCreatePayload> {
    if (!context.operator) throw clientError(ErrorCode.FORBIDDEN, "Only the platform operator can create tenants.");
    const payload = new TenantCreatePayload();
    payload.userErrors = await validateInput(input);
    if (payload.userErrors.length > 0) return payload;
    const { services } = context;
    const work = { tenantId: "0", actor: "operator:platform", requestId: context.requestId, operation: "tenantCreate" };
    const result = await services.transactions
      .run(work, async (uow) => {
        if (await uow.manager.existsBy(Tenant, { slug: input.slug })) return null;
        const provisioned = await provisionTenant(uow.manager, input);
        // The tenant exists only from here on; its event belongs to it.
        work.tenantId = provisioned.tenant.id;
        await uow.emit("core.tenant.created.v1", { slug: provisioned.tenant.slug, adminUserId: provisioned.admin.id });
        return provisioned;
      })
      .catch((error: unknown) => {
        if (isDuplicateKey(error)) return null;
        throw error;
      });
    if (!result) {
      payload.userErrors.push(userError(["input", "slug"], UserErrorCode.TAKEN, `The slug '${input.slug}' is taken.`));
      return payload;
    }
    payload.tenant = result.tenant;
    payload.admin = result.admin;
    return payload;
  }
}

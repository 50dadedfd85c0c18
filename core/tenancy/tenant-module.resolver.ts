import { Arg, Authorized, Ctx, Mutation, Query, Resolver, Root, Subscription } from "type-graphql";
import { requireTenant, workOf, type RequestContext } from "../graphql/context";
import { UserErrorCode, userError, validateInput } from "../graphql/payload";
import { TenantModuleSetting } from "./tenant-module-setting.entity";
import { TenantModuleState, TenantModuleSwitchInput, TenantModuleSwitchPayload } from "./tenant-module.types";

export const TENANT_MODULE_SWITCHED = "TENANT_MODULE_SWITCHED";

@Resolver()
export class TenantModuleResolver {
  @Authorized()
  @Query(() => [TenantModuleState], { description: "The modules this deployment serves, as switched for your tenant." })
  async tenantModules(@Ctx() context: RequestContext): Promise<TenantModuleState[]> {
    const { tenantId } = requireTenant(context);
    const disabled = await context.tenantDisabledModules();
    return context.services.modules.enabled.map((module) =>
      Object.assign(new TenantModuleState(), {
        module: module.name,
        description: module.description,
        enabled: !disabled.has(module.name),
        tenantId,
      }),
    );
  }

  @Authorized("tenant.manage")
  @Mutation(() => TenantModuleSwitchPayload, { description: "Switches a module on or off for your tenant only." })
  async tenantModuleSwitch(
    @Arg("input", () => TenantModuleSwitchInput) input: TenantModuleSwitchInput,
    @Ctx() context: RequestContext,
  ): Promise<TenantModuleSwitchPayload> {
    const payload = new TenantModuleSwitchPayload();
    const { tenantId } = requireTenant(context);
    payload.userErrors = await validateInput(input);
    const manifest = context.services.modules.enabled.find((module) => module.name === input.module);
    if (payload.userErrors.length === 0 && !manifest) {
      payload.userErrors.push(userError(["input", "module"], UserErrorCode.NOT_FOUND, `This deployment serves no module '${input.module}'.`));
    }
    if (payload.userErrors.length > 0 || !manifest) return payload;

    await context.services.transactions.run(workOf(context, "tenantModuleSwitch"), async (uow) => {
        await uow.manager.upsert(TenantModuleSetting, { tenantId, module: input.module, enabled: input.enabled }, ["tenantId", "module"]);
        await uow.emit("core.tenant.moduleSwitched.v1", { module: input.module, enabled: input.enabled });
    });
    payload.tenantModule = Object.assign(new TenantModuleState(), {
      module: manifest.name,
      description: manifest.description,
      enabled: input.enabled,
      tenantId,
    });
    return payload;
  }

  @Authorized()
  @Subscription(() => TenantModuleState, {
    topics: TENANT_MODULE_SWITCHED,
    filter: ({ payload, context }: { payload: TenantModuleState; context: RequestContext }) =>
      payload.tenantId === context.principal?.tenantId,
    description: "Tells an admin console when a module is switched for your tenant.",
  })
  tenantModuleSwitched(@Root() state: TenantModuleState): TenantModuleState {
    return state;
  }
}

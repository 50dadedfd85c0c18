import { Arg, Authorized, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from "type-graphql";
import { respond, run, withRowIds } from "../../../core/contacts/mutation";
import { requireTenant, type RequestContext } from "../../../core/graphql/context";
import { WebForm } from "../entities/web-form.entity";
import type { SfaPermission } from "../permissions";
import { WEB_FORMS_PATH } from "../routes/web-form.routes";
import { webForms } from "../services/web-forms.service";
import { WebFormCreateInput, WebFormPayload, WebFormUpdateInput } from "./web-form.types";

const MANAGE: SfaPermission = "sfa.leads.manage";

const filled = (payload: WebFormPayload, { record }: { record: WebForm }) => {
  payload.webForm = record;
};

@Resolver(() => WebForm)
export class WebFormResolver {
  @Authorized(MANAGE)
  @Query(() => [WebForm], { description: "The tenant's web forms, by name." })
  webForms(@Ctx() context: RequestContext): Promise<WebForm[]> {
    return requireTenant(context).query(WebForm, "f").orderBy("f.name").addOrderBy("f.id").getMany();
  }

  @FieldResolver(() => String, { description: "Where the page posts the form (JSON or urlencoded): PUBLIC_URL/sfa/forms/<formKey>." })
  endpointUrl(@Root() form: WebForm, @Ctx() context: RequestContext): string {
    return `${context.services.config.PUBLIC_URL}${WEB_FORMS_PATH}/${form.formKey}`;
  }

  @FieldResolver(() => String, { description: "Where the page gets its signed token (GET): PUBLIC_URL/sfa/forms/<formKey>/token." })
  tokenUrl(@Root() form: WebForm, @Ctx() context: RequestContext): string {
    return `${context.services.config.PUBLIC_URL}${WEB_FORMS_PATH}/${form.formKey}/token`;
  }

  @Authorized(MANAGE)
  @Mutation(() => WebFormPayload, { description: "Creates a web form with a random key; leads it captures are routed like any other." })
  webFormCreate(@Arg("input", () => WebFormCreateInput) input: WebFormCreateInput, @Ctx() context: RequestContext): Promise<WebFormPayload> {
    return respond(new WebFormPayload(), run(context, "webFormCreate", (uow) => webForms.create(uow, input)), filled);
  }

  @Authorized(MANAGE)
  @Mutation(() => WebFormPayload, { description: "Changes the fields given; `regenerateKey` replaces the key." })
  webFormUpdate(@Arg("input", () => WebFormUpdateInput) input: WebFormUpdateInput, @Ctx() context: RequestContext): Promise<WebFormPayload> {
    const result = withRowIds([[input.id, "WebForm", ["input", "id"]]], ([id]) => run(context, "webFormUpdate", (uow) => webForms.update(uow, id!, input)));
    return respond(new WebFormPayload(), result, filled);
  }
}

import { TenantScope } from "../db/tenant-scope";
import { Arg, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from "type-graphql";
import { Contact } from "../contacts/contact.entity";
import { JobStatus } from "../data-transfer/data-transfer.entities";
import { enqueueFor } from "../data-transfer/job-queueing";
import { storedFile } from "../files/stored-files.loader";
import { StoredFile } from "../files/stored-file.entity";
import { requireTenant, workOf, type RequestContext } from "../graphql/context";
import { UserErrorCode, userError } from "../graphql/payload";
import { fromGlobalId, rowIdOf, toGlobalId } from "../graphql/relay/global-id";
import { GdprRequest, GdprRequestKind } from "./gdpr-request.entity";
import { GDPR_MANAGE, gdprJob } from "./gdpr.job";
import { GdprRequestInput, GdprRequestPayload } from "./gdpr.types";

/** Codes of the GDPR mutations, besides the shared ones. */
export const GdprErrorCode = { ERASED: "ERASED" } as const;

@Resolver(() => GdprRequest)
export class GdprResolver {
  @Authorized(GDPR_MANAGE)
  @Query(() => GdprRequest, { nullable: true, description: "A GDPR export or erasure; an export's `file` is there once it has COMPLETED." })
  gdprRequest(@Arg("id", () => ID) id: string, @Ctx() context: RequestContext): Promise<GdprRequest | null> {
    return requireTenant(context).findOneBy(GdprRequest, { id: fromGlobalId(id, "GdprRequest").rowId });
  }

  @FieldResolver(() => ID, { description: "The person's Contact id." })
  contactId(@Root() request: GdprRequest): string {
    return toGlobalId("Contact", request.contactId);
  }

  @FieldResolver(() => StoredFile, { nullable: true, description: "The JSON document of everything about the person (EXPORT)." })
  file(@Root() request: GdprRequest, @Ctx() context: RequestContext): Promise<StoredFile | null> {
    return storedFile(context, request.fileId);
  }

  @Authorized(GDPR_MANAGE)
  @Mutation(() => GdprRequestPayload, { description: "Gathers everything about a person, in core and every module, into one JSON document." })
  gdprExport(@Arg("input", () => GdprRequestInput) input: GdprRequestInput, @Ctx() context: RequestContext): Promise<GdprRequestPayload> {
    return request(context, input, GdprRequestKind.EXPORT);
  }

  @Authorized(GDPR_MANAGE)
  @Mutation(() => GdprRequestPayload, {
    description: "Anonymises a person everywhere, in one transaction; the contact stays as a tombstone. Erasing an erased contact changes nothing.",
  })
  gdprErase(@Arg("input", () => GdprRequestInput) input: GdprRequestInput, @Ctx() context: RequestContext): Promise<GdprRequestPayload> {
    return request(context, input, GdprRequestKind.ERASE);
  }
}

async function request(context: RequestContext, input: GdprRequestInput, kind: GdprRequestKind): Promise<GdprRequestPayload> {
  const payload = new GdprRequestPayload();
  const field = ["input", "contactId"];
  const id = rowIdOf(input.contactId, "Contact", field);
  payload.userErrors = id.errors;
  if (payload.userErrors.length > 0) return payload;
  // A person's rights do not depend on who owns their record: the whole tenant is searched.
  const contact = await requireTenant(context).unrestricted().findOneBy(Contact, { id: id.rowId! });
  if (!contact) payload.userErrors.push(userError(field, UserErrorCode.NOT_FOUND, "No such contact."));
  else if (kind === GdprRequestKind.EXPORT && contact.erasedAt) {
    payload.userErrors.push(userError(field, GdprErrorCode.ERASED, "This person's data was erased; there is nothing left to export."));
  }
  if (payload.userErrors.length > 0) return payload;

  const work = workOf(context, kind === GdprRequestKind.EXPORT ? "gdprExport" : "gdprErase");
  const { services } = context;
  const created = await services.transactions.run(work, (uow) => uow.scope.save(uow.scope.create(GdprRequest, { contactId: contact!.id, kind, status: JobStatus.QUEUED })));
  await enqueueFor(services, gdprJob, { tenantId: work.tenantId, gdprRequestId: created.id, actor: work.actor, requestId: work.requestId }, `gdpr-${created.id}`, (message) =>
    new TenantScope(services.dataSource.manager, work.tenantId).update(GdprRequest, { id: created.id }, { status: JobStatus.FAILED, error: message, completedAt: new Date() }),
  );
  payload.gdprRequest = created;
  return payload;
}

import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from "type-graphql";
import { storedFile } from "../files/stored-files.loader";
import { StoredFile } from "../files/stored-file.entity";
import { requireTenant, workOf, type RequestContext } from "../graphql/context";
import { UserErrorCode, userError, validateInput } from "../graphql/payload";
import { ConnectionArgs, paginate, type ConnectionResult } from "../graphql/relay/connection";
import { fromGlobalId, rowIdOf } from "../graphql/relay/global-id";
import { ExportJob, ImportJob, ImportRowError } from "./data-transfer.entities";
import { ExportStartInput, ExportStartPayload, ImportJobConnection, ImportRowErrorConnection, ImportStartInput, ImportStartPayload } from "./data-transfer.types";
import { DATA_EXPORT, startExport } from "./export.service";
import { DATA_IMPORT, importCountry, startImport } from "./import.service";

/** A tenant row by global id, or null when it is another tenant's or does not exist. */
async function byGlobalId<T extends ImportJob | ExportJob>(context: RequestContext, entity: new () => T, typeName: string, id: string): Promise<T | null> {
  const { rowId } = fromGlobalId(id, typeName);
  return requireTenant(context).findOneBy(entity, { id: rowId } as never);
}

@Resolver(() => ImportJob)
export class ImportJobResolver {
  @Authorized(DATA_IMPORT)
  @Query(() => ImportJob, { nullable: true, description: "An import, with its progress while it runs." })
  importJob(@Arg("id", () => ID) id: string, @Ctx() context: RequestContext): Promise<ImportJob | null> {
    return byGlobalId(context, ImportJob, "ImportJob", id);
  }

  @Authorized(DATA_IMPORT)
  @Query(() => ImportJobConnection, { description: "Your tenant's imports, newest first." })
  importJobs(@Args(() => ConnectionArgs) args: ConnectionArgs, @Ctx() context: RequestContext): Promise<ConnectionResult<ImportJob>> {
    return paginate(requireTenant(context).query(ImportJob, "j"), args, [
      { column: "j.created_at", value: (j) => j.createdAt, direction: "DESC" },
      { column: "j.id", value: (j) => j.id, direction: "DESC" },
    ]);
  }

  @FieldResolver(() => ImportRowErrorConnection, { description: "The rows that were not imported and why, in file order." })
  errors(@Root() job: ImportJob, @Args(() => ConnectionArgs) args: ConnectionArgs, @Ctx() context: RequestContext): Promise<ConnectionResult<ImportRowError>> {
    const query = context.services.dataSource.manager
      .createQueryBuilder(ImportRowError, "e")
      .where("e.importId = :importId AND e.tenantId = :tenantId", { importId: job.id, tenantId: job.tenantId });
    return paginate(query, args, [
      { column: "e.row_number", value: (e) => e.rowNumber, direction: "ASC" },
      { column: "e.id", value: (e) => e.id, direction: "ASC" },
    ]);
  }

  @FieldResolver(() => StoredFile, { nullable: true, description: "The uploaded CSV." })
  file(@Root() job: ImportJob, @Ctx() context: RequestContext): Promise<StoredFile | null> {
    return storedFile(context, job.fileId);
  }

  @FieldResolver(() => StoredFile, { nullable: true, description: "A CSV of every row error (row_number, field, code, message), once the import has ended with some." })
  report(@Root() job: ImportJob, @Ctx() context: RequestContext): Promise<StoredFile | null> {
    return storedFile(context, job.reportFileId);
  }

  @Authorized(DATA_IMPORT)
  @Mutation(() => ImportStartPayload, { description: "Imports a stored CSV of accounts or contacts in the background; follow it with `importJob`." })
  async importStart(@Arg("input", () => ImportStartInput) input: ImportStartInput, @Ctx() context: RequestContext): Promise<ImportStartPayload> {
    const payload = new ImportStartPayload();
    const fileId = rowIdOf(input.fileId, "StoredFile", ["input", "fileId"]);
    const country = importCountry(input.defaultCountry);
    payload.userErrors = [...(await validateInput(input)), ...fileId.errors];
    if ("error" in country) payload.userErrors.push(userError(["input", "defaultCountry"], UserErrorCode.INVALID, country.error));
    if (payload.userErrors.length > 0 || "error" in country) return payload;
    const scope = requireTenant(context);
    const file = await context.services.files.find(scope, fileId.rowId!);
    // Another tenant's file and one the caller may not read look the same: not found.
    if (!file || !context.services.files.canRead(context.principal!, file)) {
      payload.userErrors.push(userError(["input", "fileId"], UserErrorCode.NOT_FOUND, "No such file."));
      return payload;
    }
    payload.importJob = await startImport(context.services, workOf(context, "importStart"), {
      file,
      kind: input.kind,
      defaultCountry: country.country,
    });
    return payload;
  }
}

@Resolver(() => ExportJob)
export class ExportJobResolver {
  @Authorized(DATA_EXPORT)
  @Query(() => ExportJob, { nullable: true, description: "An export; its `file` is there once it has COMPLETED." })
  exportJob(@Arg("id", () => ID) id: string, @Ctx() context: RequestContext): Promise<ExportJob | null> {
    return byGlobalId(context, ExportJob, "ExportJob", id);
  }

  @FieldResolver(() => StoredFile, { nullable: true, description: "The exported file, once the export has COMPLETED." })
  file(@Root() job: ExportJob, @Ctx() context: RequestContext): Promise<StoredFile | null> {
    return storedFile(context, job.fileId);
  }

  @Authorized(DATA_EXPORT)
  @Mutation(() => ExportStartPayload, { description: "Exports the accounts or contacts you can see, as CSV or JSON Lines, in the background." })
  async exportStart(@Arg("input", () => ExportStartInput) input: ExportStartInput, @Ctx() context: RequestContext): Promise<ExportStartPayload> {
    const payload = new ExportStartPayload();
    payload.userErrors = await validateInput(input);
    if (payload.userErrors.length > 0) return payload;
    payload.exportJob = await startExport(context.services, workOf(context, "exportStart"), {
      kind: input.kind,
      format: input.format,
      filter: { updatedSince: input.filter?.updatedSince?.toISOString() ?? null, tag: input.filter?.tag ?? null },
    });
    return payload;
  }
}

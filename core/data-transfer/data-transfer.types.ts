import { IsOptional, Length, ValidateNested } from "class-validator";
import { Field, ID, InputType, ObjectType } from "type-graphql";
import { MutationPayload } from "../graphql/payload";
import { Connection } from "../graphql/relay/connection";
import { DataTransferKind, ExportFormat, ExportJob, ImportJob, ImportRowError } from "./data-transfer.entities";

export const ImportJobConnection = Connection(ImportJob, "ImportJob");
export const ImportRowErrorConnection = Connection(ImportRowError, "ImportRowError");

@InputType()
export class ImportStartInput {
  @Field(() => ID, { description: "A StoredFile of yours holding the CSV (e.g. uploaded earlier with `POST /imports`)." })
  fileId: string;

  @Field(() => DataTransferKind)
  kind: DataTransferKind;

  @Field(() => String, { nullable: true, description: "ISO 3166-1 alpha-2 country for phone numbers without a country code, in rows without a `country` cell." })
  defaultCountry?: string | null;
}

@ObjectType()
export class ImportStartPayload extends MutationPayload {
  @Field(() => ImportJob, { nullable: true })
  importJob: ImportJob | null = null;
}

@InputType({ description: "Which records to export; every filter given must match." })
export class ExportFilter {
  @Field(() => Date, { nullable: true, description: "Records changed at or after this time." })
  updatedSince?: Date | null;

  @Field(() => String, { nullable: true, description: "Records with this tag." })
  @IsOptional()
  @Length(1, 64)
  tag?: string | null;
}

@InputType()
export class ExportStartInput {
  @Field(() => DataTransferKind)
  kind: DataTransferKind;

  @Field(() => ExportFormat)
  format: ExportFormat;

  @Field(() => ExportFilter, { nullable: true })
  @IsOptional()
  @ValidateNested()
  filter?: ExportFilter | null;
}

@ObjectType()
export class ExportStartPayload extends MutationPayload {
  @Field(() => ExportJob, { nullable: true })
  exportJob: ExportJob | null = null;
}

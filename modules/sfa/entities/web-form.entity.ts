import { Field, Int, ObjectType, registerEnumType } from "type-graphql";
import { Column, Entity, Index } from "typeorm";
import { jsonTransformer } from "../../../core/db/columns";
import { TenantEntity } from "../../../core/db/tenant-entity";
import { NodeType } from "../../../core/graphql/relay/node";

/** The lead fields a web form can fill. */
export enum LeadFormField {
  firstName = "firstName",
  lastName = "lastName",
  email = "email",
  phone = "phone",
  company = "company",
  title = "title",
  website = "website",
  region = "region",
  country = "country",
}
registerEnumType(LeadFormField, { name: "LeadFormField" });

@ObjectType("WebFormFieldMapping", { description: "A field of the page's form and the lead field it fills." })
export class WebFormFieldMapping {
  @Field(() => String, { description: "The name the page posts, e.g. `your-email`." })
  formField: string;

  @Field(() => LeadFormField)
  leadField: LeadFormField;
}

/**
 * A public form on a tenant's website that captures leads at `POST /sfa/forms/<formKey>`. The key
 * is random and public (it is in the page); `signingSecret` never leaves the server and signs the
 * timestamps the page must send back, which proves how long the form was open.
 */
@NodeType("WebForm")
@Entity()
@Index(["formKey"], { unique: true })
@Index(["tenantId", "name"])
export class WebForm extends TenantEntity {
  @Field(() => String)
  @Column({ type: "varchar", length: 120 })
  name: string;

  @Field(() => String, { description: "Public identifier in the form's URL." })
  @Column({ type: "varchar", length: 64 })
  formKey: string;

  @Column({ type: "varchar", length: 64 })
  signingSecret: string;

  @Field(() => Boolean, { description: "An inactive form answers 404." })
  @Column({ type: "boolean", default: true })
  active: boolean;

  @Field(() => [String], { description: "Origins (scheme://host[:port]) whose pages may post the form from a browser." })
  @Column({ type: "json", transformer: jsonTransformer })
  allowedOrigins: string[];

  @Field(() => [WebFormFieldMapping], { description: "Extra names the page may use for lead fields; the lead field names always work." })
  @Column({ type: "json", transformer: jsonTransformer })
  fieldMapping: WebFormFieldMapping[];

  @Field(() => String, { description: "A field the page hides from people; a submission that fills it is dropped as spam." })
  @Column({ type: "varchar", length: 64 })
  honeypotField: string;

  @Field(() => Int, { description: "Submissions sooner than this after the page got its token are refused as robots." })
  @Column({ type: "smallint", unsigned: true })
  minFillSeconds: number;

  @Field(() => Int, { description: "Submissions per client address per hour." })
  @Column({ type: "int", unsigned: true })
  rateLimitPerHour: number;
}

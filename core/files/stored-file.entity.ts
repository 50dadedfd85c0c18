import { Field, Float } from "type-graphql";
import { Column, Entity } from "typeorm";
import { TenantEntity } from "../db/tenant-entity";
import { NodeType } from "../graphql/relay/node";

/** Where `GET /files/:id` serves a file; relative to the API's origin. */
export const FILES_PATH = "/files";

/** A file the platform keeps for a tenant: uploads, import reports, exports, rendered documents. */
@NodeType("StoredFile")
@Entity()
export class StoredFile extends TenantEntity {
  @Field(() => String)
  @Column({ type: "varchar", length: 255 })
  name: string;

  @Field(() => String)
  @Column({ type: "varchar", length: 100 })
  contentType: string;

  @Field(() => Float, { description: "Bytes." })
  @Column({ type: "bigint", unsigned: true, transformer: { to: (v: number) => v, from: (v: string) => Number(v) } })
  size: number;

  @Field(() => String, { description: "SHA-256 of the bytes, hex; also the download's ETag." })
  @Column({ type: "char", length: 64 })
  sha256: string;

  /** Where the bytes are, relative to the file store's root. Always generated, never a client's path. */
  @Column({ type: "varchar", length: 255 })
  storageKey: string;

  /**
   * The permission a principal needs to read the file (e.g. `gdpr.manage` for a person's data
   * archive); null lets anyone of the tenant read it. Files are only as private as what they hold.
   */
  @Column({ type: "varchar", length: 64, nullable: true })
  readPermission: string | null;

  @Field(() => String, { description: "Where to GET the bytes, relative to the API's origin; send the same Authorization header." })
  get downloadUrl(): string {
    return `${FILES_PATH}/${this.globalId}`;
  }
}

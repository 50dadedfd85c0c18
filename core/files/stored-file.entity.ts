import { Field, Float } from "type-graphql";
import { Column, Entity } from "typeorm";
import { TenantEntity } from "../db/tenant-entity";
import { NodeType } from "../graphql/relay/node";

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

  @Column({ type: "char", length: 64 })
  sha256: string;

  /** Where the bytes are, relative to the file store's root. */
  @Column({ type: "varchar", length: 255 })
  storageKey: string;
}

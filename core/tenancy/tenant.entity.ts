import { Field } from "type-graphql";
import { Column, CreateDateColumn, Entity, Index } from "typeorm";
import { createdAt } from "../db/columns";
import { NodeEntity, NodeType } from "../graphql/relay/node";

/** An organisation using the platform; every other row belongs to one. */
@NodeType("Tenant")
@Entity()
export class Tenant extends NodeEntity {
  @Field(() => String)
  @Index({ unique: true })
  @Column({ type: "varchar", length: 63 })
  slug: string;

  @Field(() => String)
  @Column({ type: "varchar", length: 200 })
  name: string;

  @Field(() => Date)
  @CreateDateColumn(createdAt)
  createdAt: Date;
}

import { Field, Int, ObjectType } from "type-graphql";
import { Column, Entity, Index } from "typeorm";
import { bigintId } from "../../../core/db/columns";
import { TenantEntity } from "../../../core/db/tenant-entity";

/** How large a discount a user may approve; users without one approve none (administrators: any). */
@ObjectType({ description: "The largest discount a user may approve on a quote." })
@Entity()
@Index(["tenantId", "userId"], { unique: true })
export class DiscountApprovalLimit extends TenantEntity {
  @Column(bigintId)
  userId: string;

  @Field(() => Int, { description: "Basis points: 2000 lets the user approve quotes discounted up to 20 %." })
  @Column({ type: "smallint", unsigned: true })
  maxDiscountBps: number;
}

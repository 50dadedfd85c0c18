import { Column, Entity, Index } from "typeorm";
import { bigintId } from "../../../core/db/columns";
import { NodeType } from "../../../core/graphql/relay/node";
import { PricedLine } from "./line-item.entity";

/**
 * A product on a deal at a resolved price. The price book entry and the rule that chose it are
 * kept, so every price on a deal (and on the quotes made from it) can be traced.
 */
@NodeType("OpportunityLineItem")
@Entity()
@Index(["tenantId", "opportunityId", "position"])
@Index(["tenantId", "productId"])
export class OpportunityLineItem extends PricedLine {
  @Column(bigintId)
  opportunityId: string;
}

import type DataLoader from "dataloader";
import { scopedLoader } from "../../../core/graphql/batch";
import type { RequestContext } from "../../../core/graphql/context";
import type { SortKey } from "../../../core/graphql/relay/connection";
import { permittedNode, tenantNode } from "../../../core/graphql/relay/node-registry";
import { LeadAssignmentRule } from "../entities/lead-assignment-rule.entity";
import { LeadImport } from "../entities/lead-import.entity";
import { Lead } from "../entities/lead.entity";
import { WebForm } from "../entities/web-form.entity";
import type { SfaPermission } from "../permissions";

const READ: SfaPermission = "sfa.leads.read";
const MANAGE: SfaPermission = "sfa.leads.manage";

/** Newest first: the order of every lead list (the tenant's id index serves it, filtered or not). */
export const LEAD_ORDER: readonly SortKey<Lead>[] = [{ column: "l.id", value: (lead) => lead.id, direction: "DESC" }];

export function assignmentRuleLoader(context: RequestContext): DataLoader<string, LeadAssignmentRule | null> {
  return scopedLoader(context, "sfa.assignmentRuleById", (scope, ids) => scope.byIds(LeadAssignmentRule, ids));
}

export const leadNodes = [
  permittedNode(tenantNode("Lead", Lead), READ),
  permittedNode(tenantNode("LeadImport", LeadImport), READ),
  permittedNode(tenantNode("LeadAssignmentRule", LeadAssignmentRule), MANAGE),
  permittedNode(tenantNode("WebForm", WebForm), MANAGE),
];

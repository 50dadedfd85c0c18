import type { PermissionDefinition } from "../../core/kernel/module";

/** What the sales module lets roles grant. Reads and writes are split so partners can be read-only. */
export const SFA_PERMISSIONS = [
  { key: "sfa.leads.read", description: "Read leads" },
  { key: "sfa.leads.write", description: "Create, qualify, assign and convert leads" },
  { key: "sfa.leads.manage", description: "Manage lead assignment rules and web forms" },
  { key: "sfa.opportunities.read", description: "Read opportunities and their stage history" },
  { key: "sfa.opportunities.write", description: "Create, change, move and close opportunities" },
  { key: "sfa.pipelines.manage", description: "Create and change pipelines and their stages" },
  { key: "sfa.activities.read", description: "Read tasks, calls and meetings" },
  { key: "sfa.activities.write", description: "Plan and complete tasks, calls and meetings" },
  { key: "sfa.quotes.read", description: "Read quotes and orders" },
  { key: "sfa.quotes.write", description: "Prepare, send and accept quotes; track orders" },
  { key: "sfa.quotes.approve", description: "Approve quote discounts up to one's approval limit" },
  { key: "sfa.forecasts.read", description: "Read forecasts, quota attainment and sales-cycle analysis" },
  { key: "sfa.quotas.manage", description: "Set quotas and discount approval limits" },
] as const satisfies readonly PermissionDefinition[];

export type SfaPermission = (typeof SFA_PERMISSIONS)[number]["key"];

import type { ModuleHooks } from "../../../core/kernel/module";
import { recorded } from "../../../core/tenancy/demo-tenant";
import { OpportunityContactRole } from "../entities/opportunity.entity";
import { opportunitiesService } from "../services/opportunities.service";
import { stagesOf } from "../services/pipelines.service";

/** One deal per account, spread over the standard pipeline: a forecast and a board with something on them. */
const DEALS = [
  { name: "Acme: 200 seats", account: 0, contact: 0, amount: 96_000_00, close: 45, stage: "Proposal" },
  { name: "Globex rollout", account: 1, contact: 3, amount: 48_000_00, close: 20, stage: "Negotiation" },
  { name: "Initech pilot", account: 2, contact: 4, amount: 12_000_00, close: 75, stage: "Qualification" },
  { name: "Umbrella onboarding", account: 3, contact: 6, amount: 25_000_00, close: -10, stage: "Closed won" },
  { name: "Initech support renewal", account: 2, contact: 5, amount: 6_000_00, close: -30, stage: "Closed lost" },
] as const;

export const demoDataHooks: Pick<ModuleHooks, "demoData"> = {
  async demoData(uow, { accounts, contacts }) {
    for (const deal of DEALS) {
      const closing = new Date(Date.now() + deal.close * 86_400_000).toISOString().slice(0, 10);
      const opportunity = recorded(
        await opportunitiesService.create(uow, {
          name: deal.name,
          accountId: accounts[deal.account]!.globalId,
          currency: "EUR",
          amount: deal.amount,
          expectedCloseDate: closing,
          competitors: deal.stage === "Closed lost" ? ["Globex CRM"] : [],
          contacts: [{ contactId: contacts[deal.contact]!.globalId, role: OpportunityContactRole.DECISION_MAKER, isPrimary: true }],
        }),
      );
      const stage = (await stagesOf(uow.scope, opportunity.pipelineId)).find((candidate) => candidate.name === deal.stage)!;
      recorded(await opportunitiesService.move(uow, opportunity.id, stage.globalId, deal.stage === "Closed lost" ? "Chose a competitor" : null));
    }
  },
};

import { In } from "typeorm";
import { Opportunity, OpportunityContact } from "../entities/opportunity.entity";
import { PipelineStage } from "../entities/pipeline.entity";
import type { CustomerDataPart } from "./customer-data.hooks";

/** Opportunities belong to accounts; people appear in them only through their roles. */
export const opportunityData: CustomerDataPart = {
  async mergeAccounts(uow, { survivorId, mergedId }) {
    await uow.scope.unrestricted().update(Opportunity, { accountId: mergedId }, { accountId: survivorId });
  },

  /** The survivor takes the merged person's roles; where both were on a deal, the survivor's role stays (primary if either was). */
  async mergeContacts(uow, { survivorId, mergedId }) {
    const whole = uow.scope.unrestricted();
    const [survivors, merged] = await Promise.all([whole.findBy(OpportunityContact, { contactId: survivorId }), whole.findBy(OpportunityContact, { contactId: mergedId })]);
    const survivorOn = new Map(survivors.map((link) => [link.opportunityId, link]));
    for (const link of merged) {
      const kept = survivorOn.get(link.opportunityId);
      if (!kept) {
        link.contactId = survivorId;
        await whole.save(link);
        continue;
      }
      if (link.isPrimary && !kept.isPrimary) {
        kept.isPrimary = true;
        await whole.remove(link);
        await whole.save(kept);
      } else {
        await whole.remove(link);
      }
    }
  },

  async gdprExport(scope, { contactId }) {
    const roles = await scope.findBy(OpportunityContact, { contactId });
    const opportunities = roles.length > 0 ? await scope.findBy(Opportunity, { id: In(roles.map((role) => role.opportunityId)) }) : [];
    const stages = opportunities.length > 0 ? await scope.findBy(PipelineStage, { id: In([...new Set(opportunities.map((o) => o.stageId))]) }) : [];
    const byId = new Map(opportunities.map((o) => [o.id, o]));
    const stageName = new Map(stages.map((stage) => [stage.id, stage.name]));
    return {
      opportunityRoles: roles.flatMap((role) => {
        const opportunity = byId.get(role.opportunityId);
        if (!opportunity) return [];
        return [{
          opportunity: opportunity.globalId,
          name: opportunity.name,
          role: role.role,
          isPrimary: role.isPrimary,
          stage: stageName.get(opportunity.stageId) ?? null,
          status: opportunity.status,
          since: role.createdAt.toISOString(),
        }];
      }),
    };
  },

  /** The deal stays (it is the account's); the person's part in it goes. */
  async gdprErase(uow, { contactId }) {
    const whole = uow.scope.unrestricted();
    for (const role of await whole.findBy(OpportunityContact, { contactId })) await whole.remove(role);
  },
};

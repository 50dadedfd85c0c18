import { UserErrorCode, userError, type UserError } from "../../../core/graphql/payload";
import type { Opportunity, OpportunityContact } from "../entities/opportunity.entity";
import { ForecastCategory, OpportunityRequirement, StageOutcome, type PipelineStage } from "../entities/pipeline.entity";

export const OpportunityErrorCode = {
  /** The stage demands data the opportunity lacks. */
  STAGE_REQUIREMENT_UNMET: "STAGE_REQUIREMENT_UNMET",
  /** A deal cannot be won without an amount. */
  AMOUNT_REQUIRED: "AMOUNT_REQUIRED",
  /** The stage belongs to another pipeline. */
  STAGE_NOT_IN_PIPELINE: "STAGE_NOT_IN_PIPELINE",
  PIPELINE_ARCHIVED: "PIPELINE_ARCHIVED",
} as const;

const DESCRIBED: Record<OpportunityRequirement, string> = {
  [OpportunityRequirement.AMOUNT]: "an amount",
  [OpportunityRequirement.CONTACT]: "at least one contact",
  [OpportunityRequirement.PRIMARY_CONTACT]: "a primary contact",
  [OpportunityRequirement.COMPETITORS]: "its competitors",
  [OpportunityRequirement.NEXT_STEP]: "a next step",
};

function met(requirement: OpportunityRequirement, opportunity: Opportunity, contacts: readonly OpportunityContact[]): boolean {
  switch (requirement) {
    case OpportunityRequirement.AMOUNT:
      return opportunity.amount !== null;
    case OpportunityRequirement.CONTACT:
      return contacts.length > 0;
    case OpportunityRequirement.PRIMARY_CONTACT:
      return contacts.some((contact) => contact.isPrimary);
    case OpportunityRequirement.COMPETITORS:
      return opportunity.competitors.length > 0;
    case OpportunityRequirement.NEXT_STEP:
      return Boolean(opportunity.nextStep);
  }
}

/**
 * What keeps the opportunity, as it would be, out of (or in) the stage: the stage's own
 * requirements, and for a WON stage an amount, always. `field` is where the client is told.
 */
export function unmetRequirements(stage: PipelineStage, opportunity: Opportunity, contacts: readonly OpportunityContact[], field: string[]): UserError[] {
  const errors = stage.requirements
    .filter((requirement) => !met(requirement, opportunity, contacts))
    .map((requirement) =>
      userError(field, OpportunityErrorCode.STAGE_REQUIREMENT_UNMET, `The stage '${stage.name}' needs ${DESCRIBED[requirement]} (${requirement}).`),
    );
  if (stage.outcome === StageOutcome.WON && opportunity.amount === null && !stage.requirements.includes(OpportunityRequirement.AMOUNT)) {
    errors.push(userError(field, OpportunityErrorCode.AMOUNT_REQUIRED, "A deal cannot be won without an amount."));
  }
  return errors;
}

/** Reps choose among the open categories; CLOSED comes only with winning. */
export function checkCategory(category: ForecastCategory | null | undefined, status: StageOutcome, field: string[]): UserError[] {
  if (category == null) return [];
  if (status !== StageOutcome.OPEN) return [userError(field, UserErrorCode.INVALID, "A closed deal's forecast category follows its outcome.")];
  if (category === ForecastCategory.CLOSED) return [userError(field, UserErrorCode.INVALID, "Only won deals are CLOSED; mark the deal won instead.")];
  return [];
}

import { normalizeEmail, normalizePhone, normalizeUrl, type Normalized } from "../../../core/contacts/normalize";
import { assignDefined, cleanText } from "../../../core/contacts/record-writer";
import { asInput, atomically, failed, notFound, resolveOwnership, staffUserOf, type ServiceResult } from "../../../core/contacts/service-result";
import type { UnitOfWork } from "../../../core/db/unit-of-work";
import { UserErrorCode, userError, validateInput, type UserError } from "../../../core/graphql/payload";
import type { PlatformServices } from "../../../core/kernel/services";
import { Lead, LeadAuthority, LeadBudget, LeadSource, LeadStatus, LeadTimeline, OPEN_LEAD_STATUSES } from "../entities/lead.entity";
import { LeadCreateInput, LeadDisqualifyInput, LeadQualifyInput, LeadUpdateInput } from "../graphql/lead.types";
import { announceAssignment, routeLead, setOwner, type OwnerChoice } from "./lead-assignment.service";
import { LeadErrorCode, applyQualification, convertedError, findLead, noteAction, qualificationErrors } from "./lead-rules";

/** A lead service call's transaction, and the platform it schedules deadlines on. */
export interface LeadWork {
  uow: UnitOfWork;
  services: PlatformServices;
}

export interface CaptureOptions {
  /**
   * Whether the creating staff user owns a lead that no rule takes. True for API creates (whoever
   * types a lead in is working it); web forms, imports and marketing leave it unassigned, for a
   * manager to assign.
   */
  creatorOwnsUnrouted?: boolean;
}

type Result = ServiceResult<Lead>;

/** The lead fields both create and update take. */
type LeadFieldsInput = Pick<LeadUpdateInput, "firstName" | "email" | "phone" | "company" | "title" | "website" | "region" | "country" | "score">;

/**
 * The input's lead fields as columns: undefined leaves a column, null (or blank) clears it. Email,
 * phone and web address go through core's normalisers, so a lead matches the contact it becomes;
 * a phone without a country code is read in the lead's country.
 */
function leadColumns(input: LeadFieldsInput, current: Lead | null, errors: UserError[]): Partial<Lead> {
  const country = input.country === undefined ? undefined : (cleanText(input.country)?.toUpperCase() ?? null);
  const phoneCountry = (country === undefined ? current?.country : country) ?? undefined;
  const normalized = (field: string, raw: string | null | undefined, normalize: (text: string) => Normalized): string | null | undefined => {
    const text = cleanText(raw);
    if (!text) return text;
    const result = normalize(text);
    if (result.ok) return result.value;
    errors.push(userError(["input", field], result.code, result.message));
    return undefined;
  };
  return {
    firstName: cleanText(input.firstName),
    company: cleanText(input.company),
    title: cleanText(input.title),
    region: cleanText(input.region),
    country,
    score: input.score,
    email: normalized("email", input.email, normalizeEmail),
    phone: normalized("phone", input.phone, (text) => normalizePhone(text, phoneCountry)),
    website: normalized("website", input.website, normalizeUrl),
  };
}

/** An email or a phone, given (capture: even if malformed, which is reported on its own) or kept (update). */
function reachable(lead: { email?: string | null; phone?: string | null }): UserError[] {
  return cleanText(lead.email) || cleanText(lead.phone) ? [] : [userError(["input", "email"], UserErrorCode.REQUIRED, "A lead needs an email address or a phone number.")];
}

function externalRefTaken(externalRef: string): UserError {
  return userError(["input", "externalRef"], UserErrorCode.TAKEN, `A lead with the external reference '${externalRef}' exists already.`);
}

/**
 * Leads: capture from any channel (with routing), change, qualify, disqualify and assign. Every
 * check runs before the first write, so a refused input writes nothing.
 */
export class LeadsService {
  /**
   * A new lead from any channel. Routed by the assignment rules unless the input names an owner;
   * announced as created (and assigned) once written.
   */
  async capture({ uow, services }: LeadWork, raw: LeadCreateInput, options: CaptureOptions = {}): Promise<Result> {
    const input = asInput(LeadCreateInput, raw);
    const errors = await validateInput(input);
    const columns = leadColumns(input, null, errors);
    const lastName = cleanText(input.lastName);
    if (!lastName) errors.push(userError(["input", "lastName"], UserErrorCode.REQUIRED, "A lead needs a last name."));
    errors.push(...reachable(input));
    const externalRef = cleanText(input.externalRef) ?? null;
    // Unique in the whole tenant, whoever may see the lead holding it.
    if (externalRef && (await uow.scope.unrestricted().count(Lead, { externalRef })) > 0) errors.push(externalRefTaken(externalRef));
    const ownership = await resolveOwnership(uow.scope, { ownerId: input.ownerId });
    errors.push(...ownership.errors);
    if (errors.length > 0) return { errors };

    const lead = uow.scope.create(Lead, {
      firstName: null,
      email: null,
      phone: null,
      company: null,
      title: null,
      website: null,
      region: null,
      country: null,
      score: null,
      lastName: lastName!,
      source: input.source ?? LeadSource.API,
      status: LeadStatus.NEW,
      budget: LeadBudget.UNKNOWN,
      budgetAmount: null,
      budgetCurrency: null,
      authority: LeadAuthority.UNKNOWN,
      need: null,
      timeline: LeadTimeline.UNKNOWN,
      qualifiedAt: null,
      disqualifiedReason: null,
      externalRef,
      ownerId: null,
      teamId: null,
      assignmentRuleId: null,
      reassignments: 0,
      assignedAt: null,
      respondBy: null,
      firstActionAt: null,
      convertedAt: null,
      convertedAccountId: null,
      convertedContactId: null,
      convertedOpportunityId: null,
    });
    assignDefined(lead, columns);
    // Routing moves a rule's turn: it is undone with the lead when the insert loses a race for the external reference.
    const written = await atomically(
      uow,
      async () => {
        const creator = options.creatorOwnsUnrouted ? staffUserOf(uow.work) : null;
        const choice: OwnerChoice | null = ownership.ownerId
          ? { ownerId: ownership.ownerId, rule: null }
          : ((await routeLead(uow, lead)) ?? (creator ? { ownerId: creator, rule: null } : null));
        if (choice) setOwner(lead, choice);
        await uow.scope.unrestricted().save(lead);
        return { record: lead, choice };
      },
      () => [externalRefTaken(externalRef ?? "")],
    );
    if (failed(written)) return written;
    await uow.emit("sfa.lead.created.v1", { leadId: lead.id, source: lead.source, externalRef: lead.externalRef });
    if (written.choice) await announceAssignment(uow, services, lead, null, written.choice.rule ? "RULE" : "MANUAL");
    return { record: lead };
  }

  /** `id` is a row id; fields left out stay, null clears. The owner's change is their first action. */
  update({ uow }: LeadWork, id: string, raw: LeadUpdateInput): Promise<Result> {
    const input = asInput(LeadUpdateInput, raw);
    return this.change(uow, id, input, (lead, errors) => {
      const columns = leadColumns(input, lead, errors);
      if (input.lastName !== undefined && !cleanText(input.lastName)) errors.push(userError(["input", "lastName"], UserErrorCode.REQUIRED, "A lead always has a last name."));
      if (input.status != null && !OPEN_LEAD_STATUSES.includes(input.status)) {
        errors.push(userError(["input", "status"], UserErrorCode.INVALID, "Set NEW or WORKING here; leadQualify, leadDisqualify and leadConvert set the other statuses."));
      }
      errors.push(...applyQualification(lead, input.qualification, ["input", "qualification"]));
      assignDefined(lead, { ...columns, lastName: cleanText(input.lastName) ?? undefined });
      errors.push(...reachable(lead));
      if (input.status && input.status !== lead.status) {
        // Back to work: whatever was decided about it no longer holds.
        Object.assign(lead, { status: input.status, qualifiedAt: null, disqualifiedReason: null });
      }
    });
  }

  /** Records the qualification given, then QUALIFIED if every BANT element is known (else which are missing). */
  qualify({ uow }: LeadWork, id: string, raw: LeadQualifyInput): Promise<Result> {
    const input = asInput(LeadQualifyInput, raw);
    return this.change(uow, id, input, (lead, errors) => {
      errors.push(...applyQualification(lead, input.qualification, ["input", "qualification"]));
      if (input.score !== undefined) lead.score = input.score;
      // Say what is missing only of a qualification that was itself valid.
      if (errors.length === 0) errors.push(...qualificationErrors(lead));
      Object.assign(lead, { status: LeadStatus.QUALIFIED, qualifiedAt: new Date(), disqualifiedReason: null });
    });
  }

  disqualify({ uow }: LeadWork, id: string, raw: LeadDisqualifyInput): Promise<Result> {
    const input = asInput(LeadDisqualifyInput, raw);
    return this.change(uow, id, input, (lead, errors) => {
      const reason = cleanText(input.reason);
      if (!reason) errors.push(userError(["input", "reason"], UserErrorCode.REQUIRED, "Say why the lead is disqualified."));
      Object.assign(lead, { status: LeadStatus.DISQUALIFIED, disqualifiedReason: reason, qualifiedAt: null });
    });
  }

  /**
   * Gives the lead to `ownerGlobalId`, or routes it again by the rules when none is named. A rep
   * assigned by hand has no response deadline; one routed by a rule has the rule's.
   */
  async assign({ uow, services }: LeadWork, id: string, ownerGlobalId: string | null | undefined): Promise<Result> {
    const seen = await uow.scope.findOneBy(Lead, { id });
    if (!seen) return { errors: [notFound(["input", "id"], "lead")] };
    const refused = convertedError(seen);
    if (refused.length > 0) return { errors: refused };
    const ownership = await resolveOwnership(uow.scope, { ownerId: ownerGlobalId });
    if (ownership.errors.length > 0) return { errors: ownership.errors };
    // Rules are locked before the lead, the order routing always takes (see routeLead).
    const choice: OwnerChoice | null = ownership.ownerId ? { ownerId: ownership.ownerId, rule: null } : await routeLead(uow, seen);
    if (!choice) return { errors: [userError(["input", "ownerId"], LeadErrorCode.NO_MATCHING_RULE, "No active assignment rule takes this lead: name an owner.")] };
    const lead = await findLead(uow.scope, id);
    if (!lead) return { errors: [notFound(["input", "id"], "lead")] };
    const changed = convertedError(lead);
    if (changed.length > 0) return { errors: changed };
    const previousOwnerId = lead.ownerId;
    setOwner(lead, choice);
    lead.reassignments = 0;
    await uow.scope.unrestricted().save(lead);
    await announceAssignment(uow, services, lead, previousOwnerId, choice.rule ? "RULE" : "MANUAL");
    return { record: lead };
  }

  /**
   * The changes `apply` makes to a visible, unconverted lead (locked), saved as the owner's
   * action unless it reported errors, in which case nothing is written.
   */
  private async change(uow: UnitOfWork, id: string, input: object, apply: (lead: Lead, errors: UserError[]) => void): Promise<Result> {
    const lead = await findLead(uow.scope, id);
    if (!lead) return { errors: [notFound(["input", "id"], "lead")] };
    const refused = convertedError(lead);
    if (refused.length > 0) return { errors: refused };
    const errors = await validateInput(input);
    apply(lead, errors);
    if (errors.length > 0) return { errors };
    noteAction(uow, lead);
    return { record: await uow.scope.save(lead) };
  }
}

export const leadsService = new LeadsService();

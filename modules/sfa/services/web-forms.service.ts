import { asInput, notFound, type ServiceResult } from "../../../core/contacts/service-result";
import type { UnitOfWork } from "../../../core/db/unit-of-work";
import { UserErrorCode, userError, validateInput, type UserError } from "../../../core/graphql/payload";
import { LeadSource } from "../entities/lead.entity";
import { LeadFormField, WebForm, type WebFormFieldMapping } from "../entities/web-form.entity";
import type { LeadCreateInput } from "../graphql/lead.types";
import { WebFormCreateInput, WebFormUpdateInput } from "../graphql/web-form.types";
import { randomKey } from "./web-form-tokens";

/** The field carrying the signed token; never a lead field. */
export const TOKEN_FIELD = "_token";
const LEAD_FIELDS = new Set<string>(Object.values(LeadFormField));
const DEFAULTS = { honeypotField: "fax", minFillSeconds: 3, rateLimitPerHour: 20 } as const;

/** `https://Example.com/` is the origin `https://example.com`; paths, credentials and other schemes are refused. */
function origins(raw: readonly string[], errors: UserError[]): string[] {
  const cleaned = raw.map((text, index) => {
    try {
      const url = new URL(text.trim());
      if ((url.protocol === "https:" || url.protocol === "http:") && !url.username && (url.pathname === "/" || url.pathname === "") && !url.search) return url.origin;
    } catch {
      // reported below
    }
    errors.push(userError(["input", "allowedOrigins", String(index)], UserErrorCode.INVALID, `'${text}' is not an origin like https://www.example.com.`));
    return "";
  });
  return [...new Set(cleaned.filter(Boolean))];
}

/** The names a page posts must not collide with each other, the lead fields, the token or the trap. */
function namingErrors(form: Pick<WebForm, "fieldMapping" | "honeypotField">): UserError[] {
  const errors: UserError[] = [];
  const seen = new Set<string>();
  form.fieldMapping.forEach(({ formField }, index) => {
    if (LEAD_FIELDS.has(formField) || formField === TOKEN_FIELD || formField === form.honeypotField || seen.has(formField)) {
      errors.push(userError(["input", "fieldMapping", String(index), "formField"], UserErrorCode.INVALID, `'${formField}' is already a name of the form.`));
    }
    seen.add(formField);
  });
  if (LEAD_FIELDS.has(form.honeypotField) || form.honeypotField === TOKEN_FIELD) {
    errors.push(userError(["input", "honeypotField"], UserErrorCode.INVALID, `'${form.honeypotField}' is a field people fill in; the trap needs a name of its own.`));
  }
  return errors;
}

/** The tenant's web forms, created and changed by those who manage leads. */
export class WebFormsService {
  async create(uow: UnitOfWork, raw: WebFormCreateInput): Promise<ServiceResult<WebForm>> {
    const input = asInput(WebFormCreateInput, raw);
    const errors = await validateInput(input);
    const form = uow.scope.create(WebForm, {
      name: input.name.trim(),
      formKey: randomKey(),
      signingSecret: randomKey(),
      active: input.active ?? true,
      allowedOrigins: origins(input.allowedOrigins ?? [], errors),
      fieldMapping: (input.fieldMapping ?? []).map(({ formField, leadField }) => ({ formField, leadField })),
      honeypotField: input.honeypotField ?? DEFAULTS.honeypotField,
      minFillSeconds: input.minFillSeconds ?? DEFAULTS.minFillSeconds,
      rateLimitPerHour: input.rateLimitPerHour ?? DEFAULTS.rateLimitPerHour,
    });
    errors.push(...namingErrors(form));
    if (!input.name.trim()) errors.push(userError(["input", "name"], UserErrorCode.REQUIRED, "A form needs a name."));
    return errors.length > 0 ? { errors } : { record: await uow.scope.save(form) };
  }

  /** `id` is a row id; fields left out stay. */
  async update(uow: UnitOfWork, id: string, raw: WebFormUpdateInput): Promise<ServiceResult<WebForm>> {
    const input = asInput(WebFormUpdateInput, raw);
    const form = await uow.scope.findOneBy(WebForm, { id });
    if (!form) return { errors: [notFound(["input", "id"], "web form")] };
    const errors = await validateInput(input);
    if (input.name != null) form.name = input.name.trim();
    if (input.active != null) form.active = input.active;
    if (input.allowedOrigins != null) form.allowedOrigins = origins(input.allowedOrigins, errors);
    if (input.fieldMapping != null) form.fieldMapping = input.fieldMapping.map(({ formField, leadField }) => ({ formField, leadField }));
    if (input.honeypotField != null) form.honeypotField = input.honeypotField;
    if (input.minFillSeconds != null) form.minFillSeconds = input.minFillSeconds;
    if (input.rateLimitPerHour != null) form.rateLimitPerHour = input.rateLimitPerHour;
    if (input.regenerateKey) Object.assign(form, { formKey: randomKey(), signingSecret: randomKey() });
    errors.push(...namingErrors(form));
    if (!form.name) errors.push(userError(["input", "name"], UserErrorCode.REQUIRED, "A form needs a name."));
    return errors.length > 0 ? { errors } : { record: await uow.scope.save(form) };
  }
}

export const webForms = new WebFormsService();

/** The names a form accepts for each lead field: the field's own name, and those of its mapping. */
export function acceptedNames(form: Pick<WebForm, "fieldMapping">): Map<string, LeadFormField> {
  const names = new Map<string, LeadFormField>(Object.values(LeadFormField).map((field) => [field, field]));
  for (const { formField, leadField } of form.fieldMapping as WebFormFieldMapping[]) names.set(formField, leadField);
  return names;
}

export interface FormSubmission {
  /** The lead as the form filled it. */
  input: LeadCreateInput;
  /** The posted name each filled lead field came from, to report errors under the page's own names. */
  postedAs: Map<string, string>;
  errors: UserError[];
}

/**
 * Reads a posted form into a lead: known names only (a page posts more, e.g. a message or a
 * consent box, which the lead has no place for), text values only.
 */
export function readSubmission(form: Pick<WebForm, "fieldMapping">, body: Record<string, unknown>): FormSubmission {
  const names = acceptedNames(form);
  const values: Partial<Record<LeadFormField, string>> = {};
  const postedAs = new Map<string, string>();
  const errors: UserError[] = [];
  for (const [name, value] of Object.entries(body)) {
    const field = names.get(name);
    if (!field) continue;
    if (typeof value !== "string" && typeof value !== "number") {
      errors.push(userError([name], UserErrorCode.INVALID, `${name} must be text.`));
      continue;
    }
    values[field] = String(value);
    postedAs.set(field, name);
  }
  const input: LeadCreateInput = { ...values, lastName: values.lastName ?? "", source: LeadSource.WEB_FORM };
  return { input, postedAs, errors };
}

/** A capture's userErrors (`["input", "email"]`) under the names the page posted (`["your-email"]`). */
export function asFormErrors(errors: readonly UserError[], postedAs: ReadonlyMap<string, string>): UserError[] {
  return errors.map((error) => {
    const leadField = error.field?.[1];
    return userError(leadField ? [postedAs.get(leadField) ?? leadField] : null, error.code, error.message);
  });
}

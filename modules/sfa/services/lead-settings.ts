import { z } from "zod";

const MINUTE_MS = 60_000;

/**
 * The lead area's environment, checked at start with the module's config. The length of a
 * "minute" exists only so that tests can watch the real delayed reassignment job fire within
 * seconds; production refuses any other value than a real minute.
 */
export const leadSettingsSchema = z
  .object({
    NODE_ENV: z.string().optional(),
    /** Milliseconds in a minute of `LeadAssignmentRule.responseMinutes` (tests only). */
    SFA_LEAD_RESPONSE_MINUTE_MS: z.coerce.number().int().min(10).max(MINUTE_MS).default(MINUTE_MS),
    /** How often the sweep looks for leads past their response deadline whose delayed job was lost. */
    SFA_LEAD_SWEEP_MS: z.coerce.number().int().min(100).max(3_600_000).default(MINUTE_MS),
  })
  .refine((settings) => settings.NODE_ENV !== "production" || settings.SFA_LEAD_RESPONSE_MINUTE_MS === MINUTE_MS, {
    message: "only tests may shorten a minute",
    path: ["SFA_LEAD_RESPONSE_MINUTE_MS"],
  });

export type LeadSettings = z.infer<typeof leadSettingsSchema>;

let parsed: { from: string; settings: LeadSettings } | undefined;

/** As the platform validated it at start; parsed again only if the environment changed since (tests set it). */
export function leadSettings(): LeadSettings {
  const { NODE_ENV, SFA_LEAD_RESPONSE_MINUTE_MS, SFA_LEAD_SWEEP_MS } = process.env;
  const from = JSON.stringify([NODE_ENV, SFA_LEAD_RESPONSE_MINUTE_MS, SFA_LEAD_SWEEP_MS]);
  if (parsed?.from !== from) parsed = { from, settings: leadSettingsSchema.parse(process.env) };
  return parsed.settings;
}

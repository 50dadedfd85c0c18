import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { WebForm } from "../entities/web-form.entity";

const VERSION = "v1";
/** A page left open longer than this must fetch a new token. */
export const TOKEN_MAX_AGE_S = 24 * 3600;

type Signer = Pick<WebForm, "formKey" | "signingSecret">;

function signature(form: Signer, body: string): string {
  return createHmac("sha256", form.signingSecret).update(`${form.formKey}.${body}`).digest("base64url");
}

/**
 * A signed timestamp for the form's page: `v1.<issued ms>.<nonce>.<HMAC-SHA256>`, keyed by the
 * form's secret over its key, so it is valid for that form only and cannot be forged or backdated.
 */
export function issueFormToken(form: Signer, now = Date.now()): string {
  const body = `${VERSION}.${now}.${randomBytes(9).toString("base64url")}`;
  return `${body}.${signature(form, body)}`;
}

export type TokenCheck = { ok: true } | { ok: false; code: "REQUIRED" | "INVALID" | "EXPIRED" | "TOO_FAST"; message: string };

/** Whether the page got its token from us, at least `minFillSeconds` and at most a day ago. */
export function checkFormToken(form: Signer & Pick<WebForm, "minFillSeconds">, token: unknown, now = Date.now()): TokenCheck {
  if (typeof token !== "string" || token === "") return { ok: false, code: "REQUIRED", message: "The form token is missing: fetch one from the form's token endpoint." };
  const parts = token.split(".");
  const invalid: TokenCheck = { ok: false, code: "INVALID", message: "The form token is not valid for this form." };
  if (parts.length !== 4 || parts[0] !== VERSION) return invalid;
  const expected = Buffer.from(signature(form, parts.slice(0, 3).join(".")));
  const given = Buffer.from(parts[3]!);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return invalid;
  const age = now - Number(parts[1]);
  if (age < form.minFillSeconds * 1000) return { ok: false, code: "TOO_FAST", message: "The form was sent too quickly after it was opened; wait a moment and send it again." };
  if (age > TOKEN_MAX_AGE_S * 1000) return { ok: false, code: "EXPIRED", message: "The form has been open too long: reload the page." };
  return { ok: true };
}

/** A random, URL-safe secret: form keys (public) and signing secrets (private). */
export function randomKey(): string {
  return randomBytes(24).toString("base64url");
}

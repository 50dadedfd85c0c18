import { ContactPointKind } from "../../core/contacts/contact-point.entity";
import {
  isLanguageTag,
  isTimeZone,
  normalizeCompanyName,
  normalizeContactPoint,
  normalizeEmail,
  normalizePhone,
  normalizeUrl,
} from "../../core/contacts/normalize";

describe("normalisation", () => {
  it("lower-cases and checks emails", () => {
    expect(normalizeEmail("  Jane.Doe@Example.COM ")).toEqual({ ok: true, value: "jane.doe@example.com" });
    expect(normalizeEmail("jane@").ok).toBe(false);
    expect(normalizeEmail("jane@localhost").ok).toBe(false);
  });

  it("turns phones into E.164, with a default country for national numbers", () => {
    expect(normalizePhone("+33 1 42 68 53 00")).toEqual({ ok: true, value: "+33142685300" });
    expect(normalizePhone("(415) 555-2671", "us")).toEqual({ ok: true, value: "+14155552671" });
    expect(normalizePhone("(415) 555-2671")).toMatchObject({ ok: false, code: "INVALID" });
    expect(normalizePhone("12")).toMatchObject({ ok: false });
  });

  it("canonicalises web addresses and refuses other schemes", () => {
    expect(normalizeUrl("Example.com/About/")).toEqual({ ok: true, value: "https://example.com/about" });
    expect(normalizeUrl("ftp://example.com").ok).toBe(false);
    expect(normalizeUrl("not a url").ok).toBe(false);
  });

  it("folds company names so legal suffixes and punctuation do not matter", () => {
    expect(normalizeCompanyName("ACME, Inc.")).toBe(normalizeCompanyName("Acme"));
    expect(normalizeCompanyName("Société Générale S.A.")).toBe("societe generale");
  });

  it("knows time zones and language tags", () => {
    expect(isTimeZone("Europe/Paris")).toBe(true);
    expect(isTimeZone("Mars/Olympus")).toBe(false);
    expect(isLanguageTag("fr-CA")).toBe(true);
    expect(isLanguageTag("not a language")).toBe(false);
  });

  it("normalises each contact-point kind its own way", () => {
    expect(normalizeContactPoint(ContactPointKind.MESSENGER, "@Jane_Doe")).toEqual({ ok: true, value: "jane_doe" });
    expect(normalizeContactPoint(ContactPointKind.POSTAL, "12, Rue de l'Église")).toEqual({ ok: true, value: "12 rue de l eglise" });
    expect(normalizeContactPoint(ContactPointKind.SMS, "+44 7911 123456")).toEqual({ ok: true, value: "+447911123456" });
  });
});

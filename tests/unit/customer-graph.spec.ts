import { reconcilePrimary } from "../../core/contacts/contact-points.service";
import { booleanModeQuery } from "../../core/contacts/full-text";
import { normalizeTags } from "../../core/tagging/tags.service";

describe("booleanModeQuery", () => {
  it("requires each indexed word as a prefix and drops the user's operators", () => {
    expect(booleanModeQuery('+Acme -"corp*')).toBe("+acme* +corp*");
  });

  it("only hints words InnoDB never indexes, so they cannot make a search match nothing", () => {
    expect(booleanModeQuery("alice@example.com")).toBe("+alice* +example* com*");
    expect(booleanModeQuery("Bo Li")).toBe("bo* li*");
  });

  it("has nothing to search for in punctuation", () => {
    expect(booleanModeQuery(" !! ")).toBeNull();
  });
});

describe("reconcilePrimary", () => {
  const items = (...flags: boolean[]) => flags.map((isPrimary, id) => ({ id, isPrimary }));

  it("makes the first item primary when none is, and changes nothing when one is", () => {
    const none = items(false, false);
    expect(reconcilePrimary(none)).toEqual([none[0]]);
    expect(none.map((item) => item.isPrimary)).toEqual([true, false]);
    expect(reconcilePrimary(items(false, true))).toEqual([]);
  });

  it("lets the chosen item win and demotes the old primary", () => {
    const list = items(true, false);
    expect(reconcilePrimary(list, list[1]).map((item) => item.id)).toEqual([0, 1]);
    expect(list.map((item) => item.isPrimary)).toEqual([false, true]);
  });

  it("hands primacy on from a demoted item, unless it is the only one", () => {
    const list = items(true, false, false);
    reconcilePrimary(list, undefined, list[0]);
    expect(list.map((item) => item.isPrimary)).toEqual([false, true, false]);
    const alone = items(true);
    expect(reconcilePrimary(alone, undefined, alone[0])).toEqual([]);
  });
});

describe("normalizeTags", () => {
  it("trims, collapses spaces and keeps one spelling per case-insensitive tag", () => {
    expect(normalizeTags([" VIP ", "vip", "key   account"], ["input", "tags"])).toEqual({ tags: ["VIP", "key account"], errors: [] });
  });

  it("refuses empty and over-long tags by index", () => {
    expect(normalizeTags(["ok", " ", "x".repeat(65)], ["input", "tags"]).errors.map((error) => error.field)).toEqual([
      ["input", "tags", "1"],
      ["input", "tags", "2"],
    ]);
  });
});

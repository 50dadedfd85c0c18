import { documentTotals, lineAmounts } from "../../modules/sfa/services/line-item-pricing";
import { formatMoney, pdfText } from "../../modules/sfa/services/quote-pdf";

describe("line amounts", () => {
  it("rounds each line's discount half up to the minor unit, and the line total is what remains", () => {
    expect(lineAmounts(3, 333, 1_250)).toEqual({ subtotal: 999, discountAmount: 125, lineTotal: 874 });
    expect(lineAmounts(1, 1, 5_000)).toEqual({ subtotal: 1, discountAmount: 1, lineTotal: 0 });
    expect(lineAmounts(1, 1, 4_999)).toEqual({ subtotal: 1, discountAmount: 0, lineTotal: 1 });
    expect(lineAmounts(7, 1_999, 0)).toEqual({ subtotal: 13_993, discountAmount: 0, lineTotal: 13_993 });
  });

  it("refuses amounts that would not be exact", () => {
    expect(lineAmounts(1_000_000, Number.MAX_SAFE_INTEGER, 0)).toBeNull();
  });

  it("sums a document's lines, so its total is its subtotal less its discount exactly", () => {
    const lines = [
      { ...lineAmounts(3, 333, 1_250)!, discountBps: 1_250 },
      { ...lineAmounts(2, 1_005, 300)!, discountBps: 300 },
    ];
    const totals = documentTotals(lines);
    expect(totals).toEqual({ subtotal: 999 + 2_010, discountTotal: 125 + 60, total: 874 + 1_950, maxDiscountBps: 1_250 });
    expect(totals.total).toBe(totals.subtotal - totals.discountTotal);
  });
});

describe("quote PDF text", () => {
  it("formats amounts for the locale in characters the built-in font can draw", () => {
    // fr-FR groups with a narrow no-break space (not in WinAnsi): a plain space; the no-break space before € stays.
    expect(formatMoney(123_456_78, "EUR", "fr-FR")).toBe("123 456,78\u00a0€");
    expect(formatMoney(1_500, "JPY", "en")).toBe("¥1,500");
    expect(pdfText("Zoë Ősz 日本")).toBe("Zoë Osz ??");
  });
});

import PDFDocument from "pdfkit";
import { minorDigits } from "../../../core/money/money";

/** What a quote's PDF shows. Amounts are minor units of `currency`. */
export interface QuoteDocument {
  seller: string;
  customer: string;
  number: string;
  version: number;
  issuedAt: Date;
  /** YYYY-MM-DD. */
  validUntil: string;
  currency: string;
  /** Numbers, amounts and dates are written for this BCP 47 locale; the labels are English. */
  locale: string;
  lines: readonly { sku: string; productName: string; description: string | null; quantity: number; unitAmount: number; discountBps: number; lineTotal: number }[];
  subtotal: number;
  discountTotal: number;
  total: number;
}

/** Characters the standard PDF fonts can draw (WinAnsi): ASCII, Latin-1 and a few typographic marks. */
const WIN_ANSI_EXTRA = new Set("€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ");

function drawable(char: string): boolean {
  const code = char.codePointAt(0)!;
  return (code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || WIN_ANSI_EXTRA.has(char);
}

/**
 * Text the built-in Helvetica can show: Intl's narrow and thin spaces become plain ones, accented
 * letters outside Latin-1 lose their accent (ő → o), anything else becomes "?". Names in other
 * scripts need an embedded font, which this document does not carry yet.
 */
export function pdfText(text: string): string {
  return [...text.replace(/[\u2000-\u200a\u202f\u205f]/g, " ")]
    .map((char) => (drawable(char) ? char : [...char.normalize("NFKD")].filter(drawable).join("") || "?"))
    .join("");
}

function formats(locale: string, currency: string) {
  const money = new Intl.NumberFormat(locale, { style: "currency", currency });
  const percent = new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 2 });
  const count = new Intl.NumberFormat(locale);
  const date = new Intl.DateTimeFormat(locale, { dateStyle: "long", timeZone: "UTC" });
  const scale = 10 ** minorDigits(currency);
  return {
    money: (minor: number) => pdfText(money.format(minor / scale)),
    percent: (bps: number) => pdfText(percent.format(bps / 10_000)),
    count: (value: number) => pdfText(count.format(value)),
    date: (value: Date) => pdfText(date.format(value)),
  };
}

/** The amounts a quote's PDF shows, formatted as it shows them (also what tests look for). */
export function formatMoney(minor: number, currency: string, locale: string): string {
  return formats(locale, currency).money(minor);
}

const COLUMNS = { product: 50, quantity: 300, unit: 350, discount: 430, total: 480, end: 545 } as const;

/** Renders the quote as an A4 PDF with pdfkit, in memory (a quote is a few kilobytes). */
export function renderQuotePdf(quote: QuoteDocument): Promise<Buffer> {
  const format = formats(quote.locale, quote.currency);
  const doc = new PDFDocument({ size: "A4", margin: 50, info: { Title: `Quote ${quote.number} v${quote.version}`, Author: pdfText(quote.seller) } });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("data", (chunk: Buffer) => chunks.push(chunk));
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });

  doc.font("Helvetica-Bold").fontSize(20).text(pdfText(quote.seller));
  doc.moveDown(0.5).font("Helvetica").fontSize(11);
  doc.text(`Quote ${quote.number}, version ${quote.version}`);
  doc.text(`Date: ${format.date(quote.issuedAt)}`);
  doc.text(`Valid until: ${format.date(new Date(`${quote.validUntil}T00:00:00Z`))}`);
  doc.moveDown().font("Helvetica-Bold").text("For");
  doc.font("Helvetica").text(pdfText(quote.customer));
  doc.moveDown(1.5);

  // Columns are written side by side at one height, so a row that would cross the bottom margin starts a page.
  const room = (height: number) => {
    if (doc.y + height > doc.page.height - doc.page.margins.bottom) doc.addPage();
  };
  const row = (cells: { product: string; quantity: string; unit: string; discount: string; total: string }, bold = false) => {
    room(40);
    const top = doc.y;
    doc.font(bold ? "Helvetica-Bold" : "Helvetica").fontSize(10);
    doc.text(cells.product, COLUMNS.product, top, { width: COLUMNS.quantity - COLUMNS.product - 10 });
    const bottom = doc.y;
    doc.text(cells.quantity, COLUMNS.quantity, top, { width: COLUMNS.unit - COLUMNS.quantity - 5, align: "right" });
    doc.text(cells.unit, COLUMNS.unit, top, { width: COLUMNS.discount - COLUMNS.unit - 5, align: "right" });
    doc.text(cells.discount, COLUMNS.discount, top, { width: COLUMNS.total - COLUMNS.discount - 5, align: "right" });
    doc.text(cells.total, COLUMNS.total, top, { width: COLUMNS.end - COLUMNS.total, align: "right" });
    doc.y = Math.max(bottom, doc.y) + 6;
  };
  row({ product: "Product", quantity: "Qty", unit: "Unit price", discount: "Discount", total: "Amount" }, true);
  for (const line of quote.lines) {
    const described = line.description ? `\n${line.description}` : "";
    row({
      product: pdfText(`${line.productName} (${line.sku})${described}`),
      quantity: format.count(line.quantity),
      unit: format.money(line.unitAmount),
      discount: line.discountBps > 0 ? format.percent(line.discountBps) : "",
      total: format.money(line.lineTotal),
    });
  }

  doc.moveDown();
  const totals: [string, number, boolean][] = [
    ["Subtotal", quote.subtotal, false],
    // 0 − x, not −x: no "−0.00" when nothing was discounted.
    ["Discount", 0 - quote.discountTotal, false],
    [`Total (${quote.currency})`, quote.total, true],
  ];
  for (const [label, amount, bold] of totals) {
    room(20);
    const top = doc.y;
    doc.font(bold ? "Helvetica-Bold" : "Helvetica").fontSize(bold ? 12 : 10);
    doc.text(label, COLUMNS.unit, top, { width: COLUMNS.total - COLUMNS.unit - 5, align: "right" });
    doc.text(format.money(amount), COLUMNS.total - 20, top, { width: COLUMNS.end - COLUMNS.total + 20, align: "right" });
    doc.moveDown(0.3);
  }
  doc.end();
  return done;
}

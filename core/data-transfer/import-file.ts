import type { Readable } from "node:stream";
import { parse as parseSync } from "csv-parse/sync";
import { canonicalColumn } from "./columns";

/** Why a whole file cannot be imported; the import fails with this message and writes nothing. */
export class BadFileError extends Error {
  override name = "BadFileError";
}

/** The columns a kind of import reads, as `canonicalColumn` spells them; any other column fails the header. */
export interface ImportColumns {
  /** What the file holds, for messages: "contacts", "leads". */
  subject: string;
  columns: readonly string[];
  required: readonly string[];
  /** Accepted and not read, e.g. the ids and timestamps of an export imported again. */
  ignored?: readonly string[];
}

export interface FileShape {
  /** Canonical column names, in file order. */
  header: string[];
  delimiter: string;
  /** Data rows (records after the header, blank lines not counted). */
  dataRows: number;
}

const DELIMITERS = [",", ";", "\t"] as const;

/**
 * Reads the whole file once before anything is written: it must be UTF-8 (a UTF-16 byte order
 * mark or an invalid byte fails the import, naming the line), not empty, with a header whose
 * columns are all known and include the required ones, and no quote left open. Counts the rows
 * on the way, quote-aware, so progress has a total. No transcoding: a legacy 8-bit encoding cannot
 * be told apart reliably, and a wrong guess would import mangled names without any error.
 */
export async function inspectFile(bytes: Readable, columns: ImportColumns): Promise<FileShape> {
  const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });
  let first = true;
  let line = 1;
  let inQuotes = false;
  let lineHasContent = false;
  let records = 0;
  let headerText: string | null = null;
  let headerBuffer = "";
  let sawBytes = false;

  const scan = (text: string): void => {
    let headerEnd = -1;
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (code === 34 /* " */) {
        inQuotes = !inQuotes;
        lineHasContent = true;
      } else if (code === 10 /* \n */) {
        line++;
        if (!inQuotes && lineHasContent) {
          records++;
          lineHasContent = false;
          if (records === 1 && headerText === null) headerEnd = i;
        }
      } else if (code !== 13 /* \r */ && (lineHasContent || (code !== 32 && code !== 9) || inQuotes)) {
        lineHasContent = true;
      }
    }
    if (headerText === null) {
      if (headerEnd >= 0) headerText = headerBuffer + text.slice(0, headerEnd);
      else headerBuffer += text;
    }
  };

  for await (const chunk of bytes) {
    const buffer = chunk as Buffer;
    if (buffer.length === 0) continue;
    if (first) {
      first = false;
      if ((buffer[0] === 0xff && buffer[1] === 0xfe) || (buffer[0] === 0xfe && buffer[1] === 0xff)) {
        throw new BadFileError("The file is UTF-16 (it starts with a UTF-16 byte order mark). Save it as 'CSV UTF-8' and import it again.");
      }
    }
    sawBytes = true;
    let text: string;
    try {
      text = decoder.decode(buffer, { stream: true });
    } catch {
      throw new BadFileError(`The file is not UTF-8: line ${line + invalidLineOffset(buffer)} has bytes that are not UTF-8. Save it as 'CSV UTF-8' and import it again.`);
    }
    scan(text);
  }
  try {
    scan(decoder.decode());
  } catch {
    throw new BadFileError(`The file is not UTF-8: it ends in the middle of a character. Save it as 'CSV UTF-8' and import it again.`);
  }
  if (inQuotes) throw new BadFileError("The file has a quoted cell that is never closed (an unmatched '\"'), so its rows cannot be told apart.");
  if (lineHasContent) records++;
  if (headerText === null) headerText = headerBuffer;
  if (!sawBytes || records === 0) throw new BadFileError("The file is empty.");
  const { header, delimiter } = readHeader(headerText, columns);
  if (records === 1) throw new BadFileError("The file has a header but no rows.");
  return { header, delimiter, dataRows: records - 1 };
}

/** Lines before the first invalid byte of a chunk that failed to decode (the decoder does not say where). */
function invalidLineOffset(buffer: Buffer): number {
  const lenient = new TextDecoder("utf-8").decode(buffer);
  const bad = lenient.indexOf("\uFFFD");
  return bad < 0 ? 0 : lenient.slice(0, bad).split("\n").length - 1;
}

function readHeader(text: string, { subject, columns, required, ignored = [] }: ImportColumns): { header: string[]; delimiter: string } {
  const firstLine = text.replace(/^\uFEFF/, "");
  // Spreadsheets in many locales write `;`; tabs come from copy and paste. The header decides.
  const delimiter = [...DELIMITERS].sort((a, b) => firstLine.split(b).length - firstLine.split(a).length)[0]!;
  const [cells] = parseSync(firstLine, { delimiter, relax_quotes: true }) as string[][];
  const header = (cells ?? []).map(canonicalColumn);
  const known = new Set<string>([...columns, ...ignored]);
  const problems: string[] = [];
  const unknown = header.filter((column) => !known.has(column));
  if (unknown.length > 0) {
    problems.push(`unknown column${unknown.length > 1 ? "s" : ""} ${unknown.map((c) => `'${c}'`).join(", ")} (known: ${columns.join(", ")})`);
  }
  const missing = required.filter((column) => !header.includes(column));
  if (missing.length > 0) problems.push(`missing required column${missing.length > 1 ? "s" : ""} ${missing.map((c) => `'${c}'`).join(", ")}`);
  const repeated = header.filter((column, index) => header.indexOf(column) !== index);
  if (repeated.length > 0) problems.push(`repeated column${repeated.length > 1 ? "s" : ""} ${[...new Set(repeated)].map((c) => `'${c}'`).join(", ")}`);
  if (problems.length > 0) throw new BadFileError(`The header does not fit an import of ${subject}: ${problems.join("; ")}.`.slice(0, 500));
  return { header, delimiter };
}

import { stringify } from "csv-stringify/sync";

/**
 * A cell a spreadsheet would run as a formula (`=`, `@`, `+`/`-` not followed by a number, or a
 * leading tab or carriage return) gets a leading apostrophe, so opening an export or an error
 * report never executes what someone typed into a name. Phone numbers (`+33…`) stay as they are.
 */
export function neutraliseFormula(value: string): string {
  return /^[=@\t\r]|^[+-](?![\d\s().]*$)/.test(value) ? `'${value}` : value;
}

/** Rows of a CSV file, with the header line when `header` is true; quoted as RFC 4180 says. */
export function csvLines(columns: readonly string[], rows: readonly (readonly unknown[])[], header: boolean): string {
  return stringify(rows as unknown[][], {
    header,
    columns: [...columns],
    cast: {
      string: neutraliseFormula,
      date: (value) => value.toISOString(),
      boolean: (value) => (value ? "true" : "false"),
    },
  });
}

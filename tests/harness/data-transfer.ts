import { ImportJobDocument, type ImportJobQuery } from "../../schema/generated/graphql";
import type { GraphQLClient } from "./graphql-client";
import type { TestApp } from "./test-app";
import { waitFor } from "./wait";

export type ImportJobView = NonNullable<ImportJobQuery["importJob"]>;

export interface HttpResult {
  status: number;
  headers: Headers;
  body: Buffer;
  json<T = { id: string; status: string; fileId: string; errors?: { extensions: { code: string } }[] }>(): T;
}

async function result(response: Response): Promise<HttpResult> {
  const body = Buffer.from(await response.arrayBuffer());
  return { status: response.status, headers: response.headers, body, json: <T>() => JSON.parse(body.toString("utf8")) as T };
}

/** `POST /imports` with the CSV as the raw body, as a client would upload it. */
export async function uploadCsv(app: TestApp, token: string | null, kind: string, csv: string | Buffer, query: Record<string, string> = {}): Promise<HttpResult> {
  const params = new URLSearchParams({ kind, ...query });
  const response = await fetch(`${app.url}/imports?${params}`, {
    method: "POST",
    headers: { "content-type": "text/csv", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: csv,
  });
  return result(response);
}

/** `GET` of a download URL (`/files/<id>`). */
export async function download(app: TestApp, token: string | null, path: string): Promise<HttpResult> {
  return result(await fetch(`${app.url}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} }));
}

/** Polls `importJob` until the import has ended, and returns it as the API shows it. */
export function importEnded(client: GraphQLClient, id: string, timeoutMs = 20_000): Promise<ImportJobView> {
  return waitFor<ImportJobView | undefined>(
    `import ${id} to end`,
    async () => {
      const { importJob } = await client.data(ImportJobDocument, { id });
      return importJob && (importJob.status === "COMPLETED" || importJob.status === "FAILED") ? importJob : undefined;
    },
    { timeoutMs, intervalMs: 100 },
  ).then((view) => view!);
}

/** A CSV from a header and rows; cells are quoted only when they need it. */
export function csv(header: string[], rows: (string | number | null)[][]): string {
  const cell = (value: string | number | null) => {
    const text = value === null ? "" : String(value);
    return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  return [header, ...rows].map((row) => row.map(cell).join(",")).join("\n") + "\n";
}

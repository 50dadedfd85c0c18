import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import { print, type DocumentNode } from "graphql";

export interface GraphQLResponse<T> {
  status: number;
  data?: T | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
  headers: Headers;
}

type Document<T, V> = TypedDocumentNode<T, V> | DocumentNode | string;

/** Sends operations over HTTP as any client would. */
export class GraphQLClient {
  constructor(
    readonly url: string,
    private readonly headers: Record<string, string> = {},
  ) {}

  as(token: string | null): GraphQLClient {
    const headers = { ...this.headers };
    if (token) headers.authorization = `Bearer ${token}`;
    else delete headers.authorization;
    return new GraphQLClient(this.url, headers);
  }

  async request<T, V>(document: Document<T, V>, variables?: V, headers: Record<string, string> = {}): Promise<GraphQLResponse<T>> {
    const query = typeof document === "string" ? document : print(document);
    return this.raw(JSON.stringify({ query, variables }), headers) as Promise<GraphQLResponse<T>>;
  }

  async raw(body: string, headers: Record<string, string> = {}): Promise<GraphQLResponse<unknown>> {
    const response = await fetch(`${this.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", ...this.headers, ...headers },
      body,
    });
    const json = (await response.json()) as Omit<GraphQLResponse<unknown>, "status" | "headers">;
    return { ...json, status: response.status, headers: response.headers };
  }

  /** Data of a request that must succeed; fails the test with the errors otherwise. */
  async data<T, V>(document: Document<T, V>, variables?: V): Promise<T> {
    const response = await this.request(document, variables);
    if (response.errors?.length || !response.data) {
      throw new Error(`GraphQL errors: ${JSON.stringify(response.errors)} (HTTP ${response.status})`);
    }
    return response.data;
  }
}

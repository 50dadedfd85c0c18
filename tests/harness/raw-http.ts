import { request as httpRequest } from "node:http";
import { connect } from "node:net";

/** True when nothing listens on the port any more (the connection is refused, not merely slow). */
export function connectionRefused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve(false);
    });
    socket.once("error", (error: NodeJS.ErrnoException) => resolve(error.code === "ECONNREFUSED"));
  });
}

export interface InFlight {
  /** Resolves once the whole request is on the wire. */
  sent: Promise<void>;
  /** Rejects with the socket's error (its `code` says which) when no complete answer came. */
  answer: Promise<{ status: number; body: unknown }>;
}

/** A GraphQL POST on a connection of its own, so the test knows when the server has it. */
export function postGraphQL(url: string, query: string, variables: object, headers: Record<string, string> = {}): InFlight {
  const request = httpRequest(`${url}/graphql`, { method: "POST", agent: false, headers: { "content-type": "application/json", ...headers } });
  const sent = new Promise<void>((resolve, reject) => {
    request.once("finish", resolve);
    request.once("error", reject);
  });
  const answer = new Promise<{ status: number; body: unknown }>((resolve, reject) => {
    request.once("error", reject);
    request.once("response", (response) => {
      let text = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => (text += chunk));
      response.once("error", reject);
      response.once("end", () => resolve({ status: response.statusCode ?? 0, body: JSON.parse(text) }));
    });
  });
  request.end(JSON.stringify({ query, variables }));
  return { sent, answer };
}

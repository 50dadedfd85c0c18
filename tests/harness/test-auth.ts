import type { Authenticate, Principal } from "../../core/graphql/context";

/**
 * Stands in for the identity domain in the kernel's tests: the bearer token carries the
 * principal itself, so child processes understand tokens made by the test. Never used by bin/.
 */
export interface TestPrincipal {
  tenantId: string;
  id?: string;
  permissions?: string[];
  admin?: boolean;
}

export function tokenFor(principal: TestPrincipal): string {
  return `test.${Buffer.from(JSON.stringify(principal)).toString("base64url")}`;
}

export const testAuthenticate: Authenticate = async (credentials) => {
  const token = /^Bearer test\.(.+)$/.exec(credentials.authorization ?? "")?.[1];
  if (!token) return { principal: null, operator: false };
  const given = JSON.parse(Buffer.from(token, "base64url").toString("utf8")) as TestPrincipal;
  const principal: Principal = {
    kind: "staff",
    id: given.id ?? "1",
    tenantId: given.tenantId,
    permissions: new Set(given.permissions ?? []),
    admin: given.admin ?? false,
    visibility: { scope: "all" },
  };
  return { principal, operator: false };
};

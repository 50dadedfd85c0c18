import { createPubSub } from "@graphql-yoga/subscription";
import { DateTimeResolver } from "graphql-scalars";
import { isAbstractType, lexicographicSortSchema, printSchema, type GraphQLSchema } from "graphql";
import { buildSchema, type AuthChecker, type NonEmptyArray, type PubSub } from "type-graphql";
import type { ModuleRegistry } from "../kernel/registry";
import { guardModuleResolvers } from "../kernel/tenant-modules";
import { holds, type RequestContext } from "./context";
import { ErrorCode, clientError } from "./errors";
import { isNodeType, nodeTypeName } from "./relay/node";

/** Anonymous callers are told to authenticate; signed-in ones without the permission are forbidden. */
export const authChecker: AuthChecker<RequestContext> = ({ context }, permissions) => {
  const principal = context.principal;
  if (!principal) throw clientError(ErrorCode.UNAUTHENTICATED, "Authentication required.");
  return permissions.every((permission) => holds(principal, permission));
};

export type SchemaPubSub = PubSub;

export function createSchemaPubSub(): SchemaPubSub {
  return createPubSub();
}

/** Core's resolvers plus those of the enabled modules; nothing of a disabled module is reachable. */
export async function buildPlatformSchema(modules: ModuleRegistry, pubSub: SchemaPubSub): Promise<GraphQLSchema> {
  for (const module of modules.enabled) guardModuleResolvers(module.name, module.resolvers ?? []);
  const resolvers = modules.active.flatMap((module) => [...(module.resolvers ?? [])]);
  const schema = await buildSchema({
    resolvers: resolvers as NonEmptyArray<Function>,
    validate: false,
    authChecker,
    authMode: "error",
    pubSub,
    scalarsMap: [{ type: Date, scalar: DateTimeResolver }],
  });
  // type-graphql wraps each resolveType in an async function, but the compiled executor
  // (graphql-jit) needs the type name at once. An abstract type whose members are all node types
  // (Node, DuplicateRecord) resolves by the value's class, which nodeTypeName reads synchronously;
  // any other would need a resolveType of its own, so it stops the build rather than misresolve.
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isAbstractType(type)) continue;
    const others = schema.getPossibleTypes(type).filter((member) => !isNodeType(member.name));
    if (others.length > 0) throw new Error(`${type.name} has members that are not node types (${others.map((t) => t.name).join(", ")}): resolve them synchronously.`);
    type.resolveType = (value) => nodeTypeName(value);
  }
  return schema;
}

/** The SDL committed as schema/schema.graphql: sorted, so diffs show real changes only. */
export function printPlatformSchema(schema: GraphQLSchema): string {
  return printSchema(lexicographicSortSchema(schema)) + "\n";
}

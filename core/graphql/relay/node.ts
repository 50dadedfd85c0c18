import { Field, ID, InterfaceType, ObjectType } from "type-graphql";
import { PrimaryGeneratedColumn } from "typeorm";
import { bigintId } from "../../db/columns";
import { toGlobalId } from "./global-id";

const typeNames = new WeakMap<Function, string>();
const registeredNames = new Set<string>();

/** The GraphQL type name registered for a value's class (or a superclass), if it is a node. */
export function nodeTypeName(value: unknown): string | undefined {
  let prototype: object | null = typeof value === "object" && value !== null ? Object.getPrototypeOf(value) : null;
  while (prototype) {
    const name = typeNames.get(prototype.constructor);
    if (name) return name;
    prototype = Object.getPrototypeOf(prototype);
  }
  return undefined;
}

/** Whether `name` was declared with `@NodeType`, so `nodeTypeName` resolves its values. */
export function isNodeType(name: string): boolean {
  return registeredNames.has(name);
}

/**
 * Relay's Node. Implementations are not auto-registered: a type is in the schema only when an
 * enabled module's resolvers reach it, so a disabled module's types vanish with it.
 */
@InterfaceType("Node", {
  autoRegisterImplementations: false,
  resolveType: (value: unknown) => nodeTypeName(value),
  description: "An object with a globally unique id, fetchable with `node(id:)`.",
})
export abstract class Node {
  // Never a simple (graphql default) resolver, even on a type with `simpleResolvers`: that one
  // would read the property `id`, the row id, instead of this getter.
  @Field(() => ID, { name: "id", simple: false, description: "Globally unique and opaque; stable for the object's lifetime." })
  readonly globalId: string;
}

/**
 * Marks an entity class as the GraphQL object type `name`, implementing Node. `simpleResolvers`
 * (for types read in bulk) resolves its plain fields with graphql's default resolver instead of
 * a type-graphql wrapper per field; only for types whose fields have no `@Authorized` or
 * middleware of their own (field resolvers keep theirs).
 */
export function NodeType(name: string, options: { description?: string; simpleResolvers?: boolean } = {}): ClassDecorator {
  return (target) => {
    typeNames.set(target, name);
    registeredNames.add(name);
    ObjectType(name, { ...options, implements: Node })(target);
  };
}

/** Base of entities that are nodes: a bigint row id, exposed to clients only as a global id. */
export abstract class NodeEntity {
  @PrimaryGeneratedColumn(bigintId)
  id: string;

  get globalId(): string {
    const typeName = nodeTypeName(this);
    if (!typeName) throw new Error(`${this.constructor.name} is not decorated with @NodeType`);
    return toGlobalId(typeName, this.id);
  }
}

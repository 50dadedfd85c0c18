/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "query Node($id: ID!) {\n  node(id: $id) {\n    __typename\n    id\n  }\n}\n\nquery Nodes($ids: [ID!]!) {\n  nodes(ids: $ids) {\n    __typename\n    id\n  }\n}": typeof types.NodeDocument,
    "query TenantModules {\n  tenantModules {\n    module\n    description\n    enabled\n  }\n}\n\nmutation TenantModuleSwitch($input: TenantModuleSwitchInput!) {\n  tenantModuleSwitch(input: $input) {\n    tenantModule {\n      module\n      enabled\n    }\n    userErrors {\n      field\n      message\n      code\n    }\n  }\n}\n\nsubscription TenantModuleSwitched {\n  tenantModuleSwitched {\n    module\n    enabled\n  }\n}": typeof types.TenantModulesDocument,
};
const documents: Documents = {
    "query Node($id: ID!) {\n  node(id: $id) {\n    __typename\n    id\n  }\n}\n\nquery Nodes($ids: [ID!]!) {\n  nodes(ids: $ids) {\n    __typename\n    id\n  }\n}": types.NodeDocument,
    "query TenantModules {\n  tenantModules {\n    module\n    description\n    enabled\n  }\n}\n\nmutation TenantModuleSwitch($input: TenantModuleSwitchInput!) {\n  tenantModuleSwitch(input: $input) {\n    tenantModule {\n      module\n      enabled\n    }\n    userErrors {\n      field\n      message\n      code\n    }\n  }\n}\n\nsubscription TenantModuleSwitched {\n  tenantModuleSwitched {\n    module\n    enabled\n  }\n}": types.TenantModulesDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query Node($id: ID!) {\n  node(id: $id) {\n    __typename\n    id\n  }\n}\n\nquery Nodes($ids: [ID!]!) {\n  nodes(ids: $ids) {\n    __typename\n    id\n  }\n}"): (typeof documents)["query Node($id: ID!) {\n  node(id: $id) {\n    __typename\n    id\n  }\n}\n\nquery Nodes($ids: [ID!]!) {\n  nodes(ids: $ids) {\n    __typename\n    id\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query TenantModules {\n  tenantModules {\n    module\n    description\n    enabled\n  }\n}\n\nmutation TenantModuleSwitch($input: TenantModuleSwitchInput!) {\n  tenantModuleSwitch(input: $input) {\n    tenantModule {\n      module\n      enabled\n    }\n    userErrors {\n      field\n      message\n      code\n    }\n  }\n}\n\nsubscription TenantModuleSwitched {\n  tenantModuleSwitched {\n    module\n    enabled\n  }\n}"): (typeof documents)["query TenantModules {\n  tenantModules {\n    module\n    description\n    enabled\n  }\n}\n\nmutation TenantModuleSwitch($input: TenantModuleSwitchInput!) {\n  tenantModuleSwitch(input: $input) {\n    tenantModule {\n      module\n      enabled\n    }\n    userErrors {\n      field\n      message\n      code\n    }\n  }\n}\n\nsubscription TenantModuleSwitched {\n  tenantModuleSwitched {\n    module\n    enabled\n  }\n}"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;
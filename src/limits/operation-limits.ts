import type { ApolloServerPlugin } from "@apollo/server";
import { ApolloArmor } from "@escape.tech/graphql-armor";
import { costLimitRule } from "@escape.tech/graphql-armor-cost-limit";
import { maxAliasesRule } from "@escape.tech/graphql-armor-max-aliases";
import { maxDepthRule } from "@escape.tech/graphql-armor-max-depth";
import { maxDirectivesRule } from "@escape.tech/graphql-armor-max-directives";
import { GraphQLError, NoSchemaIntrospectionCustomRule, parse, specifiedRules, validate, type DocumentNode, type GraphQLSchema, type ParseOptions, type ValidationRule } from "graphql";
import type { HubConfig } from "../config.js";

/**
 * The operation limits, from one configuration for both transports: graphql-armor's depth, cost,
 * alias and directive limits with field suggestions blocked, graphql-js's token limit, and
 * introspection refused in production. Apollo Server takes them as its armor plugins and validation rules; graphql-ws as
 * the parser and validation rules of its own `onSubscribe`.
 */
export interface OperationLimits {
  apolloPlugins: ApolloServerPlugin[];
  apolloValidationRules: ValidationRule[];
  parseOptions: ParseOptions;
  /**
   * Parses and validates an operation exactly as Apollo does for HTTP: the document, or the errors
   * to answer (WebSocket operations, and third parties' documents when they are registered).
   */
  checkOperation(schema: GraphQLSchema, query: string): DocumentNode | readonly GraphQLError[];
}

/** "Did you mean …?" would reveal the schema where introspection is off: gone from every message. */
export function withoutSuggestions(message: string): string {
  return message.replace(/\s*Did you mean [^?]*\?/g, "");
}

export function operationLimits(config: HubConfig): OperationLimits {
  const limits = config.limits;
  const armor = new ApolloArmor({
    maxDepth: { n: limits.maxDepth, ignoreIntrospection: true },
    maxAliases: { n: limits.maxAliases },
    maxDirectives: { n: limits.maxDirectives },
    // Tokens are limited by graphql-js's own parser (`parseOptions.maxTokens`): armor's parse plugin
    // answered every syntax error with a 500 instead of a 400.
    maxTokens: { enabled: false },
    costLimit: { maxCost: limits.maxCost, ignoreIntrospection: true },
    blockFieldSuggestion: { enabled: true },
  }).protect();
  const production = config.mode === "production" ? [NoSchemaIntrospectionCustomRule] : [];
  const webSocketRules = [
    ...specifiedRules,
    maxDepthRule({ n: limits.maxDepth, ignoreIntrospection: true }),
    maxAliasesRule({ n: limits.maxAliases }),
    maxDirectivesRule({ n: limits.maxDirectives }),
    costLimitRule({ maxCost: limits.maxCost, ignoreIntrospection: true }),
    ...production,
  ];
  const badInput = (error: GraphQLError) => new GraphQLError(withoutSuggestions(error.message.replace(/^Syntax Error: /, "")), { nodes: error.nodes, originalError: error.originalError, extensions: { ...error.extensions, code: "GRAPHQL_VALIDATION_FAILED" } });
  return {
    // graphql-armor types its plugins against the CommonJS build of Apollo Server; they are the same objects.
    apolloPlugins: armor.plugins as unknown as ApolloServerPlugin[],
    apolloValidationRules: [...armor.validationRules, ...production],
    parseOptions: { maxTokens: limits.maxTokens },
    checkOperation(schema, query) {
      let document: DocumentNode;
      try {
        document = parse(query, { maxTokens: limits.maxTokens });
      } catch (error) {
        if (error instanceof GraphQLError) return [new GraphQLError(withoutSuggestions(error.message), { extensions: { code: "GRAPHQL_PARSE_FAILED" } })];
        throw error;
      }
      let errors: readonly GraphQLError[];
      try {
        errors = validate(schema, document, webSocketRules);
      } catch (error) {
        // graphql-armor's rules throw their rejection when there is no request to report it to.
        if (error instanceof GraphQLError) return [badInput(error)];
        throw error;
      }
      return errors.length > 0 ? errors.map(badInput) : document;
    },
  };
}

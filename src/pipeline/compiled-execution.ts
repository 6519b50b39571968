import type { GatewayInterface } from "@apollo/server-gateway-interface";
import { type DocumentNode, execute, type ExecutionResult, getOperationAST, getVariableValues, GraphQLError, type GraphQLSchema, printSchema } from "graphql";
import { compileQuery, isCompiledQuery, type CompiledQuery } from "graphql-jit";

/**
 * graphql-jit's errors are frozen look-alikes of GraphQLError (read-only message, no nodes): what
 * comes after execution (Apollo's plugins, graphql-armor's masking of suggestions, the hub's
 * formatter) expects graphql-js's own, so each becomes one, with the same message, path,
 * locations, extensions and original error.
 */
function asGraphQLError(error: GraphQLError): GraphQLError {
  const original = error.originalError ?? undefined;
  const converted = new GraphQLError(error.message, { path: error.path, originalError: original, extensions: error.extensions });
  if (error.locations) Object.defineProperty(converted, "locations", { value: error.locations, enumerable: true });
  return converted;
}

/** How many compiled operations an instance keeps: the dashboard's and third parties' are a few dozen. */
const COMPILED_OPERATIONS = 500;

/**
 * Runs operations as graphql-jit compiles them: each distinct document is turned once into a
 * JavaScript function that resolves exactly its selection — no walk of the document per object,
 * no per-field argument coercion from the AST — and then runs as that function for every request
 * that sends it (BENCHMARKS.md: the dashboard's tour resolves about 2,500 fields per request).
 * Resolvers, the field guards and the scalars are the schema's own, so authorisation, deadlines
 * and errors are those of graphql-js; a document graphql-jit cannot compile runs on graphql-js's
 * own `execute`.
 *
 * Compiled operations are kept per instance, least recently used first out, keyed by the
 * document's hash and operation name: a caller sending ever new documents costs a compilation
 * each (validated and within the operation limits first) and cannot grow the memory.
 */
export class CompiledOperations {
  private readonly compiled = new Map<string, CompiledQuery>();

  constructor(private readonly schema: GraphQLSchema) {}

  async execute(key: string, document: DocumentNode, operationName: string | null, contextValue: unknown, variables: Record<string, unknown> | undefined): Promise<ExecutionResult> {
    let query = this.compiled.get(key);
    if (query) {
      // Most recently used last: a Map iterates in insertion order.
      this.compiled.delete(key);
      this.compiled.set(key, query);
    } else {
      const compiled = compileQuery(this.schema, document, operationName ?? undefined, { disablingCapturingStackErrors: true });
      if (!isCompiledQuery(compiled)) return execute({ schema: this.schema, document, operationName, contextValue, variableValues: variables });
      query = compiled;
      this.compiled.set(key, query);
      if (this.compiled.size > COMPILED_OPERATIONS) this.compiled.delete(this.compiled.keys().next().value!);
    }
    // Variables are coerced by graphql-js first: graphql-jit leaves input fields' default values out
    // (`includePredecessors: Boolean! = true`), and graphql-js's errors are the ones Apollo knows
    // as BAD_USER_INPUT. Coerced values coerce again to themselves (the hub's input scalars take and
    // give strings).
    const operation = getOperationAST(document, operationName);
    const coerced = getVariableValues(this.schema, operation?.variableDefinitions ?? [], variables ?? {}, { maxErrors: 50 });
    if (coerced.errors) return { errors: coerced.errors };
    const result = (await query.query(undefined, contextValue, coerced.coerced)) as ExecutionResult;
    return result.errors ? { ...result, errors: result.errors.map(asGraphQLError) } : result;
  }

  /**
   * The executor as Apollo Server takes one: through its gateway interface, the one way Apollo
   * Server 5 lets a server replace `execute` (parsing, validation and the hub's plugins still run).
   */
  asApolloGateway(): GatewayInterface {
    const schema = this.schema;
    return {
      load: async () => ({
        executor: (request) => this.execute(`${request.queryHash}:${request.operationName ?? ""}`, request.document, request.operationName, request.context, request.request.variables),
      }),
      onSchemaLoadOrUpdate: (callback) => {
        // Only Apollo's schema reporting (not used) reads the SDL: printed if read, not at every start.
        callback({
          apiSchema: schema,
          get coreSupergraphSdl() {
            return printSchema(schema);
          },
        });
        return () => undefined;
      },
      stop: async () => undefined,
    };
  }
}

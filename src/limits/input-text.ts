import {
  getNamedType,
  getNullableType,
  getOperationAST,
  getVariableValues,
  GraphQLError,
  isInputObjectType,
  isListType,
  Kind,
  TypeInfo,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type GraphQLInputField,
  type GraphQLInputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type ValueNode,
} from "graphql";
import { Extensions } from "type-graphql";
import { ErrorCode } from "../common/errors.js";
import { searchProblem } from "../common/text.js";

/**
 * Text the database cannot hold, or should not be asked to search, refused before any SQL runs,
 * with BAD_USER_INPUT naming the argument (issue 11). PostgreSQL refuses NUL in text (22021)
 * and the JSON/UTF-8 round trip turns a lone surrogate into U+FFFD without a word; an
 * unbounded string or search costs time the request should not have. The same function serves
 * both transports: it takes the parsed document and the raw variables, nothing of HTTP or
 * WebSocket.
 */

/** The bound of any string input. */
export const TEXT_MAX_CHARACTERS = 10_000;

/** Nesting deeper than this in a variable's value is refused rather than walked (no input type is this deep). */
const MAX_VALUE_DEPTH = 64;

/** What an input field (or argument) declares about its text, in its GraphQL extensions. */
export interface InputTextRule {
  /** The text is a search: at most SEARCH_MAX_WORDS words and SEARCH_MAX_CHARACTERS characters. */
  search?: boolean;
}

const EXTENSION = "inputText";

/** Declares a string input field (or argument) a search, bounded in words and characters before it reaches SQL. */
export function SearchText(): PropertyDecorator & MethodDecorator & ClassDecorator {
  return Extensions({ [EXTENSION]: { search: true } satisfies InputTextRule });
}

function ruleOf(field: { extensions?: Readonly<Record<string, unknown>> | null } | null | undefined): InputTextRule | undefined {
  return (field?.extensions?.[EXTENSION] as InputTextRule | undefined) ?? undefined;
}

/** A code point U+D800–U+DFFF not paired with its other half: matched only by the unicode-aware class. */
const LONE_SURROGATE = /\p{Cs}/u;

/** Why a string input is refused, or null. Each check is one pass over the text. */
function textProblem(text: string, rule: InputTextRule | undefined): string | null {
  if (text.length > TEXT_MAX_CHARACTERS) return `is longer than ${TEXT_MAX_CHARACTERS} characters (got ${text.length})`;
  if (text.includes("\u0000")) return "holds a NUL character (U+0000), which text may not contain";
  if (LONE_SURROGATE.test(text)) return "holds a lone surrogate (half of a UTF-16 pair), which is not text";
  if (rule?.search) {
    const problem = searchProblem(text);
    if (problem) return `is refused: ${problem}`;
  }
  return null;
}

/** Where a value sits, for the message and `fields`: the argument's path, and the variable it came from. */
interface Place {
  /** "enterprises" or "@include": what the argument belongs to. */
  owner: string;
  /** "filter.search", "input.observations.0.note". */
  path: string;
  /** The variable holding the value, when it is not written in the document. */
  variable?: string;
  /** Where in that variable's value ("observations.0.note"): a value is reported once, wherever it is used. */
  within?: string;
}

function refusal(place: Place, problem: string): GraphQLError {
  const where = place.variable
    ? `Variable "$${place.variable}" (argument "${place.path}" of "${place.owner}")`
    : `Argument "${place.path}" of "${place.owner}"`;
  return new GraphQLError(`${where} ${problem}`, {
    // `http` sets the status Apollo answers a refusal in didResolveOperation with; it never reaches the client.
    extensions: { code: ErrorCode.BAD_USER_INPUT, fields: { [place.path]: problem }, http: { status: 400 } },
  });
}

const child = (place: Place, key: string | number): Place => ({
  ...place,
  path: `${place.path}.${key}`,
  within: place.variable === undefined ? undefined : `${place.within}.${key}`,
});

/** The type of a list's items, or the type itself (a single value is coerced to a list of one). */
function itemType(type: GraphQLInputType | undefined): GraphQLInputType | undefined {
  const nullable = type && getNullableType(type);
  return nullable && isListType(nullable) ? (nullable.ofType as GraphQLInputType) : type;
}

function fieldOf(type: GraphQLInputType | undefined, name: string): GraphQLInputField | undefined {
  const named = type && getNamedType(type);
  return named && isInputObjectType(named) ? named.getFields()[name] : undefined;
}

/** Collects the refusals of one operation's inputs. A value is reported once, under its first place. */
class Inspection {
  readonly errors: GraphQLError[] = [];
  private readonly reported = new Set<string>();

  constructor(private readonly variables: Readonly<Record<string, unknown>>) {}

  private report(place: Place, problem: string): void {
    const key = place.variable === undefined ? `${place.owner}(${place.path})` : `$${place.variable}${place.within}`;
    if (this.reported.has(key)) return;
    this.reported.add(key);
    this.errors.push(refusal(place, problem));
  }

  /** A literal in the document; a variable in it is followed into its value. */
  literal(node: ValueNode, type: GraphQLInputType | undefined, rule: InputTextRule | undefined, place: Place): void {
    switch (node.kind) {
      case Kind.STRING: {
        const problem = textProblem(node.value, rule);
        if (problem) this.report(place, problem);
        return;
      }
      case Kind.VARIABLE:
        return this.value(this.variables[node.name.value], type, rule, { ...place, variable: node.name.value, within: "" }, 0);
      case Kind.LIST:
        for (const [index, item] of node.values.entries()) this.literal(item, itemType(type), rule, child(place, index));
        return;
      case Kind.OBJECT:
        for (const field of node.fields) {
          const definition = fieldOf(type, field.name.value);
          this.literal(field.value, definition?.type, ruleOf(definition), child(place, field.name.value));
        }
        return;
      default:
        // Numbers, booleans, enums and null hold no text.
        return;
    }
  }

  /** A variable's value (JSON), walked along the type of the place it is used in. */
  value(value: unknown, type: GraphQLInputType | undefined, rule: InputTextRule | undefined, place: Place, depth: number): void {
    if (depth > MAX_VALUE_DEPTH) return this.report(place, `is nested deeper than ${MAX_VALUE_DEPTH} levels`);
    if (typeof value === "string") {
      const problem = textProblem(value, rule);
      if (problem) this.report(place, problem);
    } else if (Array.isArray(value)) {
      for (const [index, item] of value.entries()) this.value(item, itemType(type), rule, child(place, index), depth + 1);
    } else if (value && typeof value === "object") {
      for (const [key, item] of Object.entries(value)) {
        const definition = fieldOf(type, key);
        this.value(item, definition?.type, ruleOf(definition), child(place, key), depth + 1);
      }
    }
  }
}

/**
 * The refusals of an operation's input, empty when it may run: variables that do not coerce to
 * their declared types (the scalars' own rules, e.g. LocalDate's years), then every string in a
 * variable or a literal, at any depth of input objects and lists — NUL, lone surrogates, over
 * TEXT_MAX_CHARACTERS, and the bounds of a search. Run after validation, before execution.
 */
export function refuseUnsafeInput(schema: GraphQLSchema, document: DocumentNode, variableValues: Readonly<Record<string, unknown>> | null | undefined, operationName: string | null | undefined): GraphQLError[] {
  const operation = getOperationAST(document, operationName);
  // No operation to run: graphql-js answers that itself.
  if (!operation) return [];
  const variables = variableValues ?? {};
  // Coerced here, not only by execute, so both transports answer a refused variable as BAD_USER_INPUT.
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables, { maxErrors: 10 });
  if (coerced.errors) {
    return coerced.errors.map((error) => new GraphQLError(error.message, { nodes: error.nodes, originalError: error.originalError, extensions: { code: ErrorCode.BAD_USER_INPUT, http: { status: 400 } } }));
  }
  const inspection = new Inspection(variables);
  for (const argument of argumentsOf(schema, document, operation)) inspection.literal(argument.value, argument.type, argument.rule, { owner: argument.owner, path: argument.path });
  return inspection.errors;
}

/** An argument of an operation, with what its value is checked against. */
interface ArgumentPlace {
  value: ValueNode;
  type: GraphQLInputType | undefined;
  rule: InputTextRule | undefined;
  owner: string;
  path: string;
}

const argumentPlaces = new WeakMap<GraphQLSchema, WeakMap<OperationDefinitionNode, ArgumentPlace[]>>();

/**
 * The arguments of the operation and the fragments (validation has refused fragments no operation
 * uses), found once per document: documents are reused (the pipeline's and Apollo's caches), and
 * walking one with its types costs more than checking its values. Every variable is used in some
 * argument (validation refuses unused ones), so the arguments reach every variable's value.
 */
function argumentsOf(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode): ArgumentPlace[] {
  let bySchema = argumentPlaces.get(schema);
  if (!bySchema) argumentPlaces.set(schema, (bySchema = new WeakMap()));
  let places = bySchema.get(operation);
  if (places) return places;
  places = [];
  const found = places;
  const typeInfo = new TypeInfo(schema);
  const definitions = document.definitions.filter((definition) => definition === operation || definition.kind === Kind.FRAGMENT_DEFINITION);
  for (const definition of definitions) {
    visit(
      definition,
      visitWithTypeInfo(typeInfo, {
        Argument(node) {
          const argument = typeInfo.getArgument();
          const directive = typeInfo.getDirective();
          const owner = directive ? `@${directive.name}` : (typeInfo.getFieldDef()?.name ?? "?");
          found.push({ value: node.value, type: argument?.type, rule: ruleOf(argument), owner, path: node.name.value });
          return false;
        },
      }),
    );
  }
  bySchema.set(operation, places);
  return places;
}

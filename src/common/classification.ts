import {
  DirectiveLocation,
  GraphQLDirective,
  type GraphQLEnumType,
  GraphQLNonNull,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  isObjectType,
  Kind,
} from "graphql";
import { Directive, registerEnumType } from "type-graphql";

/**
 * Who may read a field, from the product brief's table. The order matters: each level is readable
 * by a subset of the callers who may read the level before it.
 */
export enum Classification {
  /** Anyone, also without a token. */
  PUBLIC = "PUBLIC",
  /** Any authenticated member: every agency and every registered enterprise. */
  SHARED = "SHARED",
  /** Agencies of an owning province, of a province holding an agreement in force, and the enterprise the record is about. */
  RESTRICTED = "RESTRICTED",
  /** Agencies of an owning province and the enterprise itself; no agreement grants it. */
  CONFIDENTIAL = "CONFIDENTIAL",
}

registerEnumType(Classification, {
  name: "Classification",
  description: "Who may read a field (the hub's four classifications, see the product brief).",
  valuesConfig: {
    PUBLIC: { description: "Anyone, also without a token." },
    SHARED: { description: "Any authenticated member: every agency and every registered enterprise." },
    RESTRICTED: {
      description:
        "Agencies of an owning province, agencies of a province holding an agreement in force for the dataset, and the enterprise the record is about.",
    },
    CONFIDENTIAL: { description: "Agencies of an owning province and the enterprise itself only; no agreement grants it." },
  },
});

/** The directive's name, as `@Classified` writes it and the guards read it back. */
const DIRECTIVE_NAME = "classification";

/**
 * `@classification(level: …)` as it appears in the committed SDL, on types (a default) and fields.
 * Its argument is the schema's own `Classification` enum (the one the data catalogue returns), so
 * the directive is made from the built schema: two enum types of one name would not make a schema.
 */
export function classificationDirective(classification: GraphQLEnumType): GraphQLDirective {
  return new GraphQLDirective({
    name: DIRECTIVE_NAME,
    description:
      "The classification of a field, or on a type the default for its fields. A caller who may not read a field gets null and a FORBIDDEN error at its path.",
    locations: [DirectiveLocation.OBJECT, DirectiveLocation.FIELD_DEFINITION],
    args: { level: { type: new GraphQLNonNull(classification), description: "The classification." } },
  });
}

/**
 * Declares a classification next to a field (or a type's default). It is only a directive: the
 * SDL is the single source of truth and enforcement reads it back from the built schema.
 */
export function Classified(level: Classification): PropertyDecorator & MethodDecorator & ClassDecorator {
  return Directive(`@classification(level: ${level})`) as PropertyDecorator & MethodDecorator & ClassDecorator;
}

function directiveLevel(node: { directives?: readonly { name: { value: string }; arguments?: readonly { name: { value: string }; value: { kind: string } & Record<string, unknown> }[] }[] } | null | undefined): Classification | null {
  const directive = node?.directives?.find((d) => d.name.value === DIRECTIVE_NAME);
  const argument = directive?.arguments?.find((a) => a.name.value === "level");
  if (!argument || argument.value.kind !== Kind.ENUM) return null;
  return argument.value.value as Classification;
}

/** The classification declared on a field, else on its type, else null (not a classified type). */
export function classificationOf(type: GraphQLNamedType, field: GraphQLField<unknown, unknown>): Classification | null {
  return directiveLevel(field.astNode as never) ?? directiveLevel(type.astNode as never);
}

/** Every classified field of the schema: type name → field name → classification. */
export function classificationMap(schema: GraphQLSchema): Map<string, Map<string, Classification>> {
  const map = new Map<string, Map<string, Classification>>();
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith("__")) continue;
    const fields = new Map<string, Classification>();
    for (const field of Object.values(type.getFields())) {
      const level = classificationOf(type, field);
      if (level) fields.set(field.name, level);
    }
    if (fields.size > 0) map.set(type.name, fields);
  }
  return map;
}

import { readFile } from "node:fs/promises";
import { isEnumType, isInputObjectType, isInterfaceType, isNonNullType, isObjectType, type GraphQLSchema } from "graphql";
import { getMetadataStorage } from "type-graphql";
import { beforeAll, describe, expect, it } from "vitest";
import { Classification, classificationMap, classificationOf } from "../src/common/classification.js";
import { buildHubSchema, printHubSchema } from "../src/schema.js";

let schema: GraphQLSchema;
beforeAll(async () => {
  schema = await buildHubSchema();
});

const ownTypes = () => Object.values(schema.getTypeMap()).filter((type) => !type.name.startsWith("__"));
const recordTypes = () => ownTypes().filter(isObjectType).filter((type) => type.getInterfaces().some((i) => i.name === "Node"));

describe("the committed SDL", () => {
  it("matches the schema the code builds (run `npm run schema` after changing the API)", async () => {
    // Built in memory and compared: the test never rewrites the file it checks.
    const committed = await readFile(new URL("../schema/schema.graphql", import.meta.url), "utf8");
    expect(printHubSchema(schema)).toBe(committed);
  });

  it("describes every type, field, argument, input field and enum value", () => {
    const missing: string[] = [];
    const roots = new Set([schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()]);
    for (const type of ownTypes()) {
      if (!type.description && !roots.has(type as never)) missing.push(type.name);
      if (isObjectType(type) || isInterfaceType(type)) {
        for (const field of Object.values(type.getFields())) {
          if (!field.description) missing.push(`${type.name}.${field.name}`);
          for (const arg of field.args) if (!arg.description && !["first", "after"].includes(arg.name)) missing.push(`${type.name}.${field.name}(${arg.name})`);
        }
      }
      if (isInputObjectType(type)) for (const field of Object.values(type.getFields())) if (!field.description) missing.push(`${type.name}.${field.name}`);
      if (isEnumType(type)) for (const value of type.getValues()) if (!value.description) missing.push(`${type.name}.${value.name}`);
    }
    expect(missing).toEqual([]);
  });
});

describe("classification metadata", () => {
  it("classifies every field of every record type", () => {
    const unclassified: string[] = [];
    for (const type of recordTypes()) {
      for (const field of Object.values(type.getFields())) if (!classificationOf(type, field)) unclassified.push(`${type.name}.${field.name}`);
    }
    expect(recordTypes().length).toBeGreaterThan(4);
    expect(unclassified).toEqual([]);
  });

  it("makes every field that can be withheld nullable, so a withheld value is null with an error", () => {
    const nonNullWithheld: string[] = [];
    for (const type of recordTypes()) {
      for (const field of Object.values(type.getFields())) {
        if (classificationOf(type, field) !== Classification.PUBLIC && isNonNullType(field.type)) nonNullWithheld.push(`${type.name}.${field.name}`);
      }
    }
    expect(nonNullWithheld).toEqual([]);
  });

  it("exposes PUBLIC ownerProvinceCodes on every record type", () => {
    for (const type of recordTypes()) {
      const field = type.getFields().ownerProvinceCodes;
      expect(field, type.name).toBeDefined();
      expect(classificationOf(type, field!), type.name).toBe(Classification.PUBLIC);
      expect(String(field!.type)).toBe("[String!]!");
    }
  });
});

describe("the fields left without a resolver", () => {
  it("are public ones only: every classified field keeps its guard, every field resolver its resolver", () => {
    const unguarded: string[] = [];
    // The levels the guards are installed from (src/schema.ts).
    const levels = classificationMap(schema);
    for (const type of ownTypes().filter(isObjectType)) {
      for (const field of Object.values(type.getFields())) {
        const level = levels.get(type.name)?.get(field.name);
        if (!field.resolve && level !== undefined && level !== Classification.PUBLIC) unguarded.push(`${type.name}.${field.name}`);
      }
    }
    expect(unguarded).toEqual([]);
    const storage = getMetadataStorage();
    const lost: string[] = [];
    for (const resolver of storage.fieldResolvers) {
      const target = resolver.getObjectType?.();
      const typeName = storage.objectTypes.find((objectType) => objectType.target === target)?.name;
      const field = typeName ? (schema.getType(typeName) as { getFields?: () => Record<string, { resolve?: unknown }> } | undefined)?.getFields?.()[resolver.schemaName] : undefined;
      if (field && !field.resolve) lost.push(`${typeName}.${resolver.schemaName}`);
    }
    expect(storage.fieldResolvers.length).toBeGreaterThan(20);
    expect(lost).toEqual([]);
    // A row's public scalars are read by graphql-jit's compiled code, with no resolver call.
    const enterprise = schema.getType("Enterprise");
    expect(isObjectType(enterprise) && enterprise.getFields().name!.resolve).toBeUndefined();
  });
});

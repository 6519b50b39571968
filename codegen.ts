import type { CodegenConfig } from "@graphql-codegen/cli";

/**
 * The typed client of the hub's own dashboard, generated from the committed SDL (never from a
 * running server, so it works when introspection is off) and the operations kept in
 * dashboard/operations. `npm test` regenerates it and type-checks it: an operation that asks for a
 * field the schema lacks fails the test run.
 */
const config: CodegenConfig = {
  schema: "schema/schema.graphql",
  documents: ["dashboard/operations/**/*.graphql"],
  ignoreNoDocuments: false,
  generates: {
    "dashboard/gql/": {
      preset: "client",
      presetConfig: { fragmentMasking: false },
      config: {
        emitLegacyCommonJSImports: false,
        useTypeImports: true,
        enumsAsTypes: true,
        strictScalars: true,
        scalars: {
          Decimal: "string",
          LocalDate: "string",
          YearMonth: "string",
          DateTimeISO: "string",
        },
      },
    },
  },
};

export default config;

import type { CodegenConfig } from "@graphql-codegen/cli";

/**
 * The typed client of the hub's own dashboard, generated from the committed SDL (never from a
 * running server, so it works when introspection is off) and the operations kept in
 * dashboard/operations. `npm run build` (and so `npm start` and `npm test`) regenerates it and
 * type-checks it: an operation that asks for a field the schema lacks fails the build.
 */
const config: CodegenConfig = {
  schema: "schema/schema.graphql",
  documents: ["dashboard/operations/**/*.graphql"],
  ignoreNoDocuments: false,
  generates: {
    "dashboard/gql/": {
      preset: "client",
      // persistedDocuments: each document node carries its SHA-256 (`__meta__.hash`) and
      // dashboard/gql/persisted-documents.json lists them, the manifest the hub registers.
      presetConfig: { fragmentMasking: false, persistedDocuments: { hashAlgorithm: "sha256" } },
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

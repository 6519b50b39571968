import type { CodegenConfig } from "@graphql-codegen/cli";

/**
 * A third-party client's typed operations, generated from the hub's committed SDL (no running hub
 * needed; introspection is off in production). Run from the repository root:
 *
 *   npx graphql-codegen --config examples/market-client/codegen.ts
 *
 * (`npm run build` does, then type-checks the client.) Outside this repository, point `schema` at
 * your copy of the hub's schema/schema.graphql and `documents` at your own operations.
 */
const config: CodegenConfig = {
  schema: "schema/schema.graphql",
  documents: ["examples/market-client/operations/**/*.graphql"],
  ignoreNoDocuments: false,
  generates: {
    "examples/market-client/gql/": {
      preset: "client",
      presetConfig: {
        fragmentMasking: false,
        // Each document node carries its SHA-256 (`__meta__.hash`), and gql/persisted-documents.json
        // lists hash → text: the manifest a hub administrator registers with `registerOperations`.
        persistedDocuments: { hashAlgorithm: "sha256" },
      },
      config: {
        // ESM: `import type`, and no `.js`-less CommonJS-style imports in the generated files.
        useTypeImports: true,
        emitLegacyCommonJSImports: false,
        enumsAsTypes: true,
        // Every custom scalar of the hub is a string on the wire; without this they would be `unknown`
        // (strictScalars makes a scalar added to the hub without a mapping fail generation).
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

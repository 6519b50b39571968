import { isAbstractType, TypeInfo, visit, visitWithTypeInfo, type DocumentNode, type GraphQLSchema } from "graphql";

/**
 * Object type name → the fields an operation's document selects on it anywhere (in the operation,
 * a fragment, or an inline fragment; a selection on an interface or union counts for each of its
 * object types). A read of a type's rows needs the columns of these fields and no others
 * (src/common/read-model.ts); a type the document never names is absent.
 */
export type SelectedFields = ReadonlyMap<string, ReadonlySet<string>>;

/** Worked out once per document: Apollo and the WebSocket pipeline keep parsed documents, so a document's node is the same for each request that sends its text. */
const selectedByDocument = new WeakMap<DocumentNode, SelectedFields>();

/**
 * The fields `document` selects, per object type. Every definition of the document counts (a
 * fragment no operation spreads adds fields, never removes one): a read may select more than an
 * operation needs, never less.
 */
export function selectedFieldsOf(schema: GraphQLSchema, document: DocumentNode): SelectedFields {
  let selected = selectedByDocument.get(document);
  if (selected) return selected;
  const fields = new Map<string, Set<string>>();
  const typeInfo = new TypeInfo(schema);
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field(node) {
        const parent = typeInfo.getParentType();
        if (!parent) return;
        for (const type of isAbstractType(parent) ? schema.getPossibleTypes(parent) : [parent]) {
          let names = fields.get(type.name);
          if (!names) fields.set(type.name, (names = new Set()));
          names.add(node.name.value);
        }
      },
    }),
  );
  selected = fields;
  selectedByDocument.set(document, selected);
  return selected;
}

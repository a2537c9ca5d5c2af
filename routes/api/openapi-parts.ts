// Small builders shared by the OpenAPI documents of every area (routes/api/openapi*.ts).

export const json = (schema: object) => ({ 'application/json': { schema } });
export const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
export const res = (name: string) => ({ $ref: `#/components/responses/${name}` });
export const ok = (description: string, schema: string) => ({ description, content: json(ref(schema)) });
/** The `{id}` of a path: a record's UUID, answered 404 outside the caller's scope. */
export const idParam = {
  name: 'id',
  in: 'path',
  required: true,
  description: "Record id (UUID); one outside the caller's scope answers 404.",
  schema: { type: 'string' },
};

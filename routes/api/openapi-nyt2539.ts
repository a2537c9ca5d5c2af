import { json, ref, res } from './openapi-parts';

// The NY/T 2539 package import in the OpenAPI document (merged by routes/api/openapi.ts), issue 17.
// Hand-written JSON Schema like the registry's (openapi-schemas.ts); the shapes are those of
// routes/api/v1/imports-nyt2539.ts (nytJobJson). test/http/import-nyt2539-api.test.ts checks
// every response against them.

const str = { type: 'string' };
const int = { type: 'integer', minimum: 0 };
const nullable = (s: object) => ({ oneOf: [s, { type: 'null' }] });
const obj = (properties: Record<string, object>, required = Object.keys(properties)) => ({
  type: 'object',
  additionalProperties: false,
  properties,
  required,
});
const createExists = obj({ create: int, exists: int });
const counts = obj({ households: createExists, members: int, contracts: createExists, parcels: createExists });

export const NYT2539_TAGS = ['imports'];

export const nyt2539Schemas = {
  NytProblem: obj(
    {
      table: { ...str, description: 'Table or layer of the package (FBF, CBF, CBF_JTCY, CBHT, CBDKXX, DK…).' },
      row: { ...int, description: 'Row of the table (sheet row, header = 1) or record of the layer; 0: the table as a whole.' },
      field: str,
      code: str,
      params: { type: 'object', additionalProperties: { type: ['string', 'number'] } },
      severity: { enum: ['error', 'warning'], description: 'An error keeps its collective out of the write; a warning is shown only.' },
      collective: { ...str, description: '发包方编码 the problem belongs to.' },
      message: str,
    },
    ['table', 'row', 'code', 'severity', 'message'],
  ),
  NytHousehold: obj({
    code: { ...str, pattern: '^[0-9]{18}$' },
    row: int,
    headName: str,
    action: { enum: ['create', 'exists'], description: 'exists: matched by 承包方编码 in the register, left as it is.' },
    members: int,
    legacyIds: { ...int, description: 'Members recorded with an old 15-digit ID number (stored in its 18-digit form, flagged).' },
    parcels: {
      type: 'array',
      items: obj({ code: { ...str, pattern: '^[0-9]{19}$' }, row: int, action: { enum: ['create', 'exists', 'skipped'] } }),
    },
  }),
  NytCollective: obj({
    code: { ...str, pattern: '^[0-9]{14}$', description: '发包方编码' },
    name: str,
    collectiveId: nullable({ type: 'string', format: 'uuid' }),
    inScope: { type: 'boolean', description: "The caller's own collective (rule 12): only it is written, and only its rows are listed." },
    writable: { type: 'boolean' },
    counts,
    written: nullable({
      ...counts,
      properties: { ...counts.properties, certificates: int },
      required: [...counts.required, 'certificates'],
    }),
    writeError: nullable(str),
    households: { type: 'array', items: ref('NytHousehold') },
    problems: { type: 'array', items: ref('NytProblem') },
    problemCount: int,
  }),
  NytImportJob: obj({
    id: { type: 'string', format: 'uuid' },
    status: { enum: ['running', 'succeeded', 'failed'] },
    phase: { enum: ['reading', 'checking', 'writing', 'done'] },
    dryRun: { type: 'boolean' },
    fileName: str,
    createdAt: { type: 'string', format: 'date-time' },
    finishedAt: nullable({ type: 'string', format: 'date-time' }),
    checkedBy: nullable({ type: 'string', format: 'uuid' }),
    failure: nullable(obj({ code: str, message: str })),
    problems: {
      type: 'array',
      items: ref('NytProblem'),
      description: 'Problems of the whole package (a missing table, an unknown 发包方…).',
    },
    collectives: { type: 'array', items: ref('NytCollective') },
  }),
};

const idParam = {
  name: 'id',
  in: 'path',
  required: true,
  description: "Job id (UUID); another collective's job answers 404.",
  schema: { type: 'string' },
};

const collectiveParam = {
  name: 'id',
  in: 'path',
  required: true,
  description: "Collective id (UUID); one outside the caller's scope answers 404.",
  schema: { type: 'string' },
};

export const nyt2539Paths = {
  '/v1/collectives/{id}/parcels.geojson': {
    parameters: [collectiveParam],
    get: {
      tags: ['imports'],
      summary: "The collective's parcels and homesteads as a GeoJSON FeatureCollection in WGS84 (for a map)",
      responses: {
        200: {
          description: 'A FeatureCollection (application/geo+json); each feature names its parcel code, holder and area',
          content: { 'application/geo+json': { schema: { type: 'object' } } },
        },
        401: res('Unauthorized'),
        404: res('NotFound'),
        500: res('Internal'),
      },
    },
  },
  '/v1/collectives/{id}/export/nyt2539': {
    parameters: [collectiveParam],
    get: {
      tags: ['imports'],
      summary: "The collective's data as a NY/T 2539 package for the county (.zip: the tables as XLSX, DK as a shapefile set)",
      description:
        'The tables FBF, CBF, CBF_JTCY, CBHT, CBDKXX, CBJYQZ in one XLSX and the parcel layer DK as a shapefile set (GBK attributes, CGCS2000 3° GK zone 38 with the zone prefix, with its .prj), zipped. Full ID numbers: the export is recorded in the trail (rule 14).',
      responses: {
        200: { description: 'The package', content: { 'application/zip': { schema: { type: 'string', format: 'binary' } } } },
        401: res('Unauthorized'),
        404: res('NotFound'),
        500: res('Internal'),
      },
    },
  },
  '/v1/imports/nyt2539': {
    post: {
      tags: ['imports'],
      summary: "Import a county's NY/T 2539 package (a .zip): dry run, or dry run and write",
      description: [
        'Officers only. The body is multipart/form-data with one `.zip` in `file` (at most 100 MB). The package is read',
        '(the .mdb or the tables as .xlsx/.csv, the shapefiles in CGCS2000 3° GK, CM 114°E), mapped to households, members,',
        'contracts and parcels, checked (codes, values, topology) and compared with the register by code. With',
        "`dryRun=true` nothing is written. Otherwise each collective without an error that is the caller's own is written in",
        'one transaction (all or nothing); households, contracts and parcels already registered are left as they are, so the',
        'same package sent twice changes nothing. The job runs in the background: poll the Location.',
      ].join('\n'),
      parameters: [{ name: 'dryRun', in: 'query', required: false, schema: { enum: ['true', 'false', '1', '0'] } }],
      requestBody: {
        required: true,
        content: {
          'multipart/form-data': {
            schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } }, required: ['file'] },
          },
        },
      },
      responses: {
        202: {
          description: 'The job, started',
          headers: { Location: { schema: { type: 'string' }, required: true } },
          content: json(ref('NytImportJob')),
        },
        400: res('BadRequest'),
        401: res('Unauthorized'),
        403: res('Forbidden'),
        413: res('TooLarge'),
        422: res('Unprocessable'),
        500: res('Internal'),
      },
    },
  },
  '/v1/imports/nyt2539/{id}': {
    parameters: [idParam],
    get: {
      tags: ['imports'],
      summary: 'The import job: progress, then the report (created / exists per household and parcel, every problem)',
      responses: {
        200: { description: 'The job', content: json(ref('NytImportJob')) },
        401: res('Unauthorized'),
        404: res('NotFound'),
        500: res('Internal'),
      },
    },
  },
};

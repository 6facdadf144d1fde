import { Type } from 'typebox';
import { PageQuery } from '../../kernel/http/schemas';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

const KindSchema = Type.Union([Type.Literal('instant'), Type.Literal('promised'), Type.Literal('reported'), Type.Literal('joint')]);
const UnitSchema = Type.Union([Type.Literal('workday'), Type.Literal('natural')]);
const CrossModeSchema = Type.Union([Type.Literal('full_online'), Type.Literal('proxy'), Type.Literal('multi_site')]);
const StatusSchema = Type.Union([Type.Literal('draft'), Type.Literal('published'), Type.Literal('superseded'), Type.Literal('retired')]);
const FormSchema = Type.Union([Type.Literal('original'), Type.Literal('copy'), Type.Literal('original_and_copy'), Type.Literal('electronic')]);
const AudienceSchema = Type.Union([Type.Literal('person'), Type.Literal('organization')]);

const MaterialInputSchema = Type.Object(
  {
    name: Type.String({ maxLength: 200 }),
    form: Type.Optional(FormSchema),
    copies: Type.Optional(Type.Integer()),
    required: Type.Optional(Type.Boolean()),
    eLicenseReplaceable: Type.Optional(Type.Boolean()),
    note: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
  },
  { additionalProperties: false },
);
const MaterialSchema = Type.Object({
  name: Type.String(),
  form: FormSchema,
  copies: Type.Integer(),
  required: Type.Boolean(),
  eLicenseReplaceable: Type.Boolean(),
  note: Type.Optional(Nullable(Type.String())),
});
const FeeSchema = Type.Object({ name: Type.String({ maxLength: 200 }), standard: Type.String({ maxLength: 500 }), basis: Type.Optional(Nullable(Type.String({ maxLength: 500 }))) }, { additionalProperties: false });
const LocationSchema = Type.Object(
  { name: Type.String({ maxLength: 200 }), address: Type.String({ maxLength: 300 }), hours: Type.String({ maxLength: 200 }), phone: Type.Optional(Nullable(Type.String({ maxLength: 60 }))) },
  { additionalProperties: false },
);
const FaqSchema = Type.Object({ question: Type.String({ maxLength: 500 }), answer: Type.String({ maxLength: 2000 }) }, { additionalProperties: false });

/** Editable fields; numbers are plain integers so that range errors come back as 422 naming the field. */
const editable = {
  name: Type.String({ maxLength: 200 }),
  type: Type.String({ pattern: '^\\d{2}$', description: '事项类型 01–10、20' }),
  applicationBased: Type.Boolean({ description: '依申请' }),
  level: Type.Integer({ description: '4 县级、5 乡镇级、6 村级' }),
  departmentId: Type.Integer({ description: '实施主体' }),
  legalLimit: Type.Integer({ description: '法定办结时限' }),
  promisedLimit: Type.Integer({ description: '承诺办结时限' }),
  limitUnit: UnitSchema,
  kind: KindSchema,
  onlineDepth: Type.Integer({ description: '网上办理深度 1–4' }),
  visits: Type.Integer({ description: '到办事现场次数' }),
  nearby: Type.Boolean({ description: '就近办' }),
  crossProvinceModes: Type.Array(CrossModeSchema, { maxItems: 3 }),
  extensionAllowance: Type.Integer({ description: '可延长的工作日，默认 10' }),
  materials: Type.Array(MaterialInputSchema, { maxItems: 200 }),
  fees: Type.Array(FeeSchema, { maxItems: 50 }),
  legalBasis: Type.String({ maxLength: 5000 }),
  conditions: Type.String({ maxLength: 5000 }),
  locations: Type.Array(LocationSchema, { maxItems: 50 }),
  faqs: Type.Array(FaqSchema, { maxItems: 100 }),
  audiences: Type.Array(AudienceSchema, { maxItems: 2 }),
  lifeEvents: Type.Array(Type.String({ maxLength: 20 }), { maxItems: 10 }),
  keywords: Type.Array(Type.String({ maxLength: 30 }), { maxItems: 30 }),
  onlineUrl: Nullable(Type.String({ maxLength: 500 })),
};

const optionalAll = <T extends Record<string, Parameters<typeof Type.Optional>[0]>>(o: T) =>
  Object.fromEntries(Object.entries(o).map(([k, v]) => [k, Type.Optional(v)])) as { [K in keyof T]: ReturnType<typeof Type.Optional<T[K]>> };

export const CreateItemBody = Type.Object(
  {
    code: Type.String({ maxLength: 64, description: '事项编码（如 31 位实施编码）' }),
    name: editable.name,
    type: editable.type,
    level: editable.level,
    departmentId: editable.departmentId,
    legalLimit: editable.legalLimit,
    promisedLimit: editable.promisedLimit,
    limitUnit: editable.limitUnit,
    kind: editable.kind,
    onlineDepth: editable.onlineDepth,
    ...optionalAll({
      applicationBased: editable.applicationBased,
      visits: editable.visits,
      nearby: editable.nearby,
      crossProvinceModes: editable.crossProvinceModes,
      extensionAllowance: editable.extensionAllowance,
      materials: editable.materials,
      fees: editable.fees,
      legalBasis: editable.legalBasis,
      conditions: editable.conditions,
      locations: editable.locations,
      faqs: editable.faqs,
      audiences: editable.audiences,
      lifeEvents: editable.lifeEvents,
      keywords: editable.keywords,
      onlineUrl: editable.onlineUrl,
    }),
  },
  { additionalProperties: false },
);

export const PatchItemBody = Type.Object(optionalAll(editable), { additionalProperties: false });

/** The leading properties of both a list row and a full version (in this order: it is the JSON's key order). */
const versionHead = {
  versionId: Type.Integer(),
  code: Type.String(),
  version: Type.Integer(),
  status: StatusSchema,
  name: Type.String(),
  type: Type.String(),
  typeName: Type.String(),
  applicationBased: Type.Boolean(),
  level: Type.Integer(),
  departmentId: Type.Integer(),
  departmentName: Type.String(),
  legalLimit: Type.Integer(),
  promisedLimit: Type.Integer(),
  limitUnit: UnitSchema,
  kind: KindSchema,
  onlineDepth: Type.Integer(),
  visits: Type.Integer(),
  nearby: Type.Boolean(),
  crossProvinceModes: Type.Array(CrossModeSchema),
};

export const ItemSummarySchema = Type.Object({
  ...versionHead,
  updatedAt: Type.String(),
  submittedAt: Nullable(Type.String()),
  score: Type.Optional(Type.Number()),
});

export const ItemSchema = Type.Object({
  ...versionHead,
  extensionAllowance: Type.Integer(),
  materials: Type.Array(MaterialSchema),
  fees: Type.Array(Type.Object({ name: Type.String(), standard: Type.String(), basis: Nullable(Type.String()) })),
  legalBasis: Type.String(),
  conditions: Type.String(),
  locations: Type.Array(Type.Object({ name: Type.String(), address: Type.String(), hours: Type.String(), phone: Nullable(Type.String()) })),
  faqs: Type.Array(Type.Object({ question: Type.String(), answer: Type.String() })),
  audiences: Type.Array(AudienceSchema),
  lifeEvents: Type.Array(Type.String()),
  keywords: Type.Array(Type.String()),
  onlineUrl: Nullable(Type.String()),
  publishedAt: Nullable(Type.String()),
  createdAt: Type.String(),
  createdBy: Type.String(),
  updatedAt: Type.String(),
  updatedBy: Type.String(),
  submittedAt: Nullable(Type.String()),
  reviewNote: Nullable(Type.String()),
  publishedBy: Nullable(Type.String()),
  endedAt: Nullable(Type.String()),
});

export const VersionInfoSchema = Type.Object({
  versionId: Type.Integer(),
  version: Type.Integer(),
  status: StatusSchema,
  name: Type.String(),
  createdAt: Type.String(),
  createdBy: Type.String(),
  updatedAt: Type.String(),
  updatedBy: Type.String(),
  submittedAt: Nullable(Type.String()),
  reviewNote: Nullable(Type.String()),
  publishedAt: Nullable(Type.String()),
  publishedBy: Nullable(Type.String()),
  endedAt: Nullable(Type.String()),
});

export const ListQuerySchema = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 100, description: '搜索：事项名称、材料、常见问题、关键词' })),
    department: Type.Optional(Type.Integer({ description: '实施主体（部门、乡镇或村）id' })),
    level: Type.Optional(Type.Integer({ minimum: 4, maximum: 6 })),
    type: Type.Optional(Type.String({ pattern: '^\\d{2}$' })),
    theme: Type.Optional(Type.String({ maxLength: 20, description: 'person、organization 或人生事件主题（如 生育收养）' })),
    nearby: Type.Optional(Type.Boolean()),
    crossProvince: Type.Optional(Type.Union([Type.Literal('true'), Type.Literal('false'), CrossModeSchema])),
    onlineDepth: Type.Optional(Type.Integer({ minimum: 1, maximum: 4 })),
    ...PageQuery,
  },
  { additionalProperties: false },
);

export const ManageQuerySchema = Type.Object(
  {
    ...ListQuerySchema.properties,
    status: Type.Optional(Type.Union([Type.Literal('draft'), Type.Literal('published'), Type.Literal('retired'), Type.Literal('pending')])),
  },
  { additionalProperties: false },
);

export const CodeParams = Type.Object({ code: Type.String({ maxLength: 64 }) });
export const ReasonBody = Type.Object({ reason: Type.String({ maxLength: 500 }) }, { additionalProperties: false });

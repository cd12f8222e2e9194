/**
 * The MemOS Cloud wire format (see shared/memos-api.md). Request schemas are strict in what
 * they accept, so the built-in server can validate incoming requests with them; response
 * schemas are liberal (both timestamp forms, missing or null lists, list-or-object data) and
 * strip fields they do not know.
 */
import { z } from 'zod';

/** Business codes from the MemOS error table. */
export const MemosCode = {
  OK: 0,
  BAD_PARAMETERS: 40000,
  UNSUPPORTED_FILE_TYPE: 40007,
  USER_ID_TOO_LONG: 40010,
  CONVERSATION_ID_TOO_LONG: 40011,
  API_KEY_MISSING: 40100,
  RATE_LIMITED: 40300,
  QUOTA_EXHAUSTED: 40304,
  TOKEN_WINDOW_EXCEEDED: 40309,
  SERVER_ERROR: 50000,
  TOO_MANY_FILES: 50103,
  FILE_TOO_LARGE: 50104,
  BATCH_TOO_LARGE: 50105,
  TASK_NOT_FOUND: 50131,
} as const;

/** The table groups several codes under one meaning without saying which is which. */
export const MemosCodeGroup = {
  badParameters: [40000, 40002, 40003, 40006],
  fileRejected: [40007, 40008, 40009, 50107],
  idTooLong: [40010, 40011],
  inputOverTokenLimit: [40013, 40305],
  authFailed: [40100, 40130, 40103, 40132],
  rateLimited: [40300, 40309],
  quotaExhausted: [40304],
  serverFailure: [50000, 50002, 50004, 50005, 50143, 50144],
  batchTooLarge: [50103, 50104, 50105],
  taskNotFound: [50131],
} as const satisfies Record<string, readonly number[]>;

export const MAX_ID_LENGTH = 100;
export const MAX_USER_IDS = 20;
export const MAX_FILES_PER_MESSAGE = 20;
export const MAX_SEARCH_LIMIT = 25;
export const MAX_PAGE_SIZE = 50;

// ---------------------------------------------------------------- requests

const Id = z.string().min(1).max(MAX_ID_LENGTH);
export const UserIdField = z.union([Id, z.array(Id).min(1).max(MAX_USER_IDS)]);

export const TextPart = z.object({ type: z.literal('text'), text: z.string() });
export const ImageUrlPart = z.object({ type: z.literal('image_url'), image_url: z.object({ url: z.string().min(1) }) });
export const FilePart = z.object({
  type: z.literal('file'),
  file: z.object({ file_data: z.string().min(1), filename: z.string().optional(), file_id: z.string().optional() }),
});
export const MessagePart = z.discriminatedUnion('type', [TextPart, ImageUrlPart, FilePart]);
export type MessagePart = z.infer<typeof MessagePart>;

export const MessageRole = z.enum(['user', 'assistant', 'system', 'tool']);
export const Message = z.object({
  role: MessageRole,
  content: z.union([z.string(), z.array(MessagePart).min(1)]),
  chat_time: z.union([z.string(), z.number()]).optional(),
});
export type Message = z.infer<typeof Message>;

const FilterValue = z.union([
  z.string(),
  z.strictObject({ contains: z.string() }),
  z
    .strictObject({ gt: z.string().optional(), gte: z.string().optional(), lt: z.string().optional(), lte: z.string().optional() })
    .refine((range) => Object.keys(range).length > 0, 'a range needs gt, gte, lt or lte'),
]);
export type FilterValue = z.infer<typeof FilterValue>;
/** `{field: value}`: a field is agent_id, app_id, create_time, update_time, tags or an info key. */
export type FilterCondition = Record<string, FilterValue>;
export type MemoryFilter = { and: FilterNode[] } | { or: FilterNode[] };
export type FilterNode = MemoryFilter | FilterCondition;

const FilterCondition: z.ZodType<FilterCondition> = z
  .record(z.string(), FilterValue)
  .refine((condition) => Object.keys(condition).length > 0 && !('and' in condition) && !('or' in condition), 'empty or mixed filter condition');
const FilterNode: z.ZodType<FilterNode> = z.lazy(() => z.union([MemoryFilter, FilterCondition]));
export const MemoryFilter: z.ZodType<MemoryFilter> = z.union([
  z.strictObject({ and: z.array(FilterNode).min(1) }),
  z.strictObject({ or: z.array(FilterNode).min(1) }),
]);

/** `asyncMode` is the spelling of older clients; the output always says `async_mode`. */
export const AddMessageRequest = z
  .object({
    user_id: UserIdField,
    conversation_id: Id,
    messages: z.array(Message).min(1),
    async_mode: z.boolean().optional(),
    asyncMode: z.boolean().optional(),
    agent_id: z.string().optional(),
    app_id: z.string().optional(),
    tags: z.array(z.string()).optional(),
    info: z.record(z.string(), z.string()).optional(),
    allow_public: z.boolean().optional(),
    allow_knowledgebase_ids: z.array(z.string()).optional(),
  })
  .transform(({ asyncMode, async_mode, ...rest }) => ({ ...rest, async_mode: async_mode ?? asyncMode ?? true }));
export type AddMessageRequest = z.input<typeof AddMessageRequest>;
export type ParsedAddMessageRequest = z.output<typeof AddMessageRequest>;

export const GetStatusRequest = z.object({ task_id: z.string().min(1) });
export type GetStatusRequest = z.infer<typeof GetStatusRequest>;

export const MemoryViewName = z.enum(['detail_factual', 'preference', 'profile', 'event', 'skill', 'tool_memory']);

export const SearchMemoryRequest = z
  .object({
    query: z.string().min(1),
    user_id: Id.optional(),
    agent_id: z.string().optional(),
    conversation_id: Id.optional(),
    filter: MemoryFilter.optional(),
    knowledgebase_ids: z.array(z.string()).optional(),
    memory_limit_number: z.int().min(1).max(MAX_SEARCH_LIMIT).optional(),
    relativity: z.number().min(0).max(1).optional(),
    include_preference: z.boolean().optional(),
    preference_limit_number: z.int().min(0).optional(),
    include_tool_memory: z.boolean().optional(),
    tool_memory_limit_number: z.int().min(0).optional(),
    include_memory_view: z.array(MemoryViewName).optional(),
  })
  .refine((request) => request.user_id !== undefined || request.agent_id !== undefined, { message: 'user_id is required', path: ['user_id'] });
export type SearchMemoryRequest = z.infer<typeof SearchMemoryRequest>;

export const GetMemoriesRequest = z.object({
  user_id: Id,
  page: z.int().min(1).optional(),
  size: z.int().min(1).max(MAX_PAGE_SIZE).optional(),
  filter: MemoryFilter.optional(),
});
export type GetMemoriesRequest = z.infer<typeof GetMemoriesRequest>;

export const DeleteMemoryRequest = z.union([
  z.strictObject({ memory_ids: z.array(z.string().min(1)).min(1) }),
  z.strictObject({ user_id: Id }),
]);
export type DeleteMemoryRequest = z.infer<typeof DeleteMemoryRequest>;

export const UpdateMemoryRequest = z
  .object({ memory_id: z.string().min(1), content: z.string().optional(), title: z.string().optional(), status: z.string().optional() })
  .refine((request) => request.content !== undefined || request.title !== undefined || request.status !== undefined, 'give content, title or status');
export type UpdateMemoryRequest = z.infer<typeof UpdateMemoryRequest>;

// ---------------------------------------------------------------- responses

/** Epoch milliseconds, ISO strings or numeric strings on the wire; epoch ms out (undefined when unreadable). */
export const Timestamp = z
  .union([z.number(), z.string()])
  .nullish()
  .transform((value): number | undefined => {
    if (value === null || value === undefined || value === '') return undefined;
    const ms = typeof value === 'number' || /^\d+$/.test(value) ? Number(value) : Date.parse(value);
    return Number.isFinite(ms) ? ms : undefined;
  });

/** A list that may be missing or null becomes []. */
const list = <T extends z.ZodType>(item: T) =>
  z
    .array(item)
    .nullish()
    .transform((items) => items ?? []);

const optionalText = z
  .string()
  .nullish()
  .transform((value) => value ?? undefined);
const optionalNumber = z
  .number()
  .nullish()
  .transform((value) => value ?? undefined);
const numberOr = (fallback: number) =>
  z
    .number()
    .nullish()
    .transform((value) => value ?? fallback);

export const Envelope = z.object({
  code: z.coerce.number(),
  message: z
    .string()
    .nullish()
    .transform((value) => value ?? ''),
  data: z.unknown(),
});
export type Envelope = z.output<typeof Envelope>;

export const TaskStatus = z.enum(['running', 'completed', 'failed']);
export type TaskStatus = z.infer<typeof TaskStatus>;

export const AddMessageData = z.object({
  success: z.boolean().optional(),
  task_id: z.string().min(1),
  status: TaskStatus,
});
export type AddMessageData = z.output<typeof AddMessageData>;

const COUNT_KEYS = new Set(['added', 'updated', 'deleted']);
const ViewCount = z.union([z.number(), z.array(z.string())]).optional();
const ViewCategory = z.object({ memory_ids: list(z.string()) });

/** `{added, updated, deleted, <category>: {memory_ids}}`; categories are open-ended keys. */
export const MemoryViews = z.record(z.string(), z.unknown()).transform((raw) => {
  const categories: Record<string, { memory_ids: string[] }> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (COUNT_KEYS.has(key)) continue;
    const category = ViewCategory.safeParse(value);
    if (category.success) categories[key] = category.data;
  }
  return {
    added: ViewCount.catch(undefined).parse(raw['added']),
    updated: ViewCount.catch(undefined).parse(raw['updated']),
    deleted: ViewCount.catch(undefined).parse(raw['deleted']),
    categories,
  };
});
export type MemoryViews = z.output<typeof MemoryViews>;
export type MemoryViewsWire = Record<string, number | string[] | { memory_ids: string[] }>;

const TaskStatusObject = z.object({
  task_id: z.string(),
  status: TaskStatus,
  memory_views: MemoryViews.nullish().transform((views) => views ?? undefined),
  /** Not documented by the cloud; the built-in server puts its failure reason here. */
  error: optionalText,
});

/** Older deployments send `data` as a one-element list. */
export const GetStatusData = z.union([TaskStatusObject, z.tuple([TaskStatusObject]).transform(([only]) => only)]);
export type GetStatusData = z.output<typeof GetStatusData>;

const ItemId = z.union([z.string(), z.number()]).transform(String);

export const MemoryDetail = z.object({
  id: ItemId,
  memory_key: optionalText,
  memory_value: z
    .string()
    .nullish()
    .transform((value) => value ?? ''),
  memory_type: optionalText,
  create_time: Timestamp,
  update_time: Timestamp,
  conversation_id: optionalText,
  status: optionalText,
  confidence: optionalNumber,
  tags: list(z.string()),
  relativity: optionalNumber,
  info: z
    .record(z.string(), z.string())
    .nullish()
    .transform((info) => info ?? undefined)
    .catch(undefined),
  sources: z
    .array(z.unknown())
    .nullish()
    .transform((sources) => sources ?? undefined),
});
export type MemoryDetail = z.output<typeof MemoryDetail>;

export const PreferenceDetail = z.object({
  id: ItemId,
  preference: z
    .string()
    .nullish()
    .transform((value) => value ?? ''),
  preference_type: optionalText,
  reasoning: optionalText,
  create_time: Timestamp,
  update_time: Timestamp,
  conversation_id: optionalText,
  status: optionalText,
  relativity: optionalNumber,
});
export type PreferenceDetail = z.output<typeof PreferenceDetail>;

export const ToolMemoryDetail = z.object({
  id: ItemId,
  tool_type: optionalText,
  tool_value: z
    .string()
    .nullish()
    .transform((value) => value ?? ''),
  tool_used_status: z.unknown().optional(),
  create_time: Timestamp,
  update_time: Timestamp,
  conversation_id: optionalText,
  status: optionalText,
  relativity: optionalNumber,
});
export type ToolMemoryDetail = z.output<typeof ToolMemoryDetail>;

const memoryLists = {
  memory_detail_list: list(MemoryDetail),
  preference_detail_list: list(PreferenceDetail),
  tool_memory_detail_list: list(ToolMemoryDetail),
};

export const SearchMemoryData = z.object({
  ...memoryLists,
  preference_note: z
    .string()
    .nullish()
    .transform((value) => value ?? ''),
});
export type SearchMemoryData = z.output<typeof SearchMemoryData>;

export const GetMemoriesData = z.object({
  ...memoryLists,
  total: numberOr(0),
  size: numberOr(0),
  current: numberOr(1),
  pages: numberOr(0),
});
export type GetMemoriesData = z.output<typeof GetMemoriesData>;

/** One memory; accepted bare, as a one-element list, or wrapped in a memory_detail_list. */
export const GetMemoryData = z.union([
  MemoryDetail,
  z.tuple([MemoryDetail]).transform(([only]) => only),
  z.object({ memory_detail_list: z.tuple([MemoryDetail]) }).transform(({ memory_detail_list: [only] }) => only),
]);
export type GetMemoryData = z.output<typeof GetMemoryData>;

export const SuccessData = z
  .object({ success: z.boolean().optional() })
  .nullish()
  .transform((data) => ({ success: data?.success ?? true }));
export type SuccessData = z.output<typeof SuccessData>;
export const DeleteMemoryData = SuccessData;
export const UpdateMemoryData = SuccessData;

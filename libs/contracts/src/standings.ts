import { IsoDateTime, Uuid } from './common';
import { SchemeKey, StageName } from './judging';
import { z } from './zod';

/**
 * Live standings (实时排名): the event feed of standings deltas, its two rooms (staff: full
 * detail; public: what the event's board setting lets the audience see), and the board setting.
 *
 * Every score is an integer in hundredths of a mark. A delta carries the absolute standing of
 * each entry it names (never an increment), so applying it twice changes nothing; its `seq` is
 * the event's feed sequence number (1, 2, 3 … without gaps), written in the same transaction as
 * the marks that caused it. A client holds the last seq it applied and asks for what follows.
 */

// ── The board setting (排名公开设置) ────────────────────────────────────────

/** How the public board follows the event: live, frozen after `freezeAt`, or hidden until results. */
export const BOARD_MODES = ['live', 'freeze', 'hidden'] as const;
export const BoardMode = z.enum(BOARD_MODES, { message: '公开方式须为实时、定时封榜或公布前隐藏' });
export type BoardMode = z.infer<typeof BoardMode>;
export const BOARD_MODE_LABELS: Record<BoardMode, string> = { live: '实时公开', freeze: '定时封榜', hidden: '成绩公布前隐藏' };

/** What the public board is doing now. */
export const PUBLIC_BOARD_STATES = ['live', 'frozen', 'hidden', 'published'] as const;
export const PublicBoardState = z.enum(PUBLIC_BOARD_STATES);
export type PublicBoardState = z.infer<typeof PublicBoardState>;
export const PUBLIC_BOARD_STATE_LABELS: Record<PublicBoardState, string> = { live: '实时', frozen: '已封榜', hidden: '未公开', published: '成绩已公布' };

/**
 * One step of the tie-break chain (并列处理), applied in order after the total: the higher score
 * of a stage, of an aspect, less time used on a stage (用时, as the chief judge recorded it; an
 * entry with a time ranks ahead of one without), or fewer deductions (扣分) ranks first. Entries
 * equal on all of it share a rank (1, 2, 2, 4).
 */
export const TieBreak = z.discriminatedUnion(
  'kind',
  [
    z.object({ kind: z.literal('stage'), stage: StageName }),
    z.object({ kind: z.literal('aspect'), stage: StageName, aspectKey: SchemeKey }),
    z.object({ kind: z.literal('less_time'), stage: StageName }),
    z.object({ kind: z.literal('fewer_deductions') }),
  ],
  { error: '并列处理规则须为阶段得分、评分项得分、用时较少或扣分较少' },
);
export type TieBreak = z.infer<typeof TieBreak>;

/** PUT /events/:id/board — the event's public board setting and tie-break chain. */
export const BoardSettingsBody = z
  .object({
    publicMode: BoardMode,
    /** When the public board stops moving (mode freeze). */
    freezeAt: IsoDateTime.nullable().default(null),
    /** Blind (盲评): the public board shows judging codes, not names, until results are published. */
    blind: z.boolean(),
    tieBreaks: z.array(TieBreak).max(5, '并列处理规则最多 5 条').default([]),
  })
  .refine((b) => b.publicMode !== 'freeze' || b.freezeAt !== null, { message: '定时封榜须填写封榜时间', path: ['freezeAt'] });
export type BoardSettingsBody = z.infer<typeof BoardSettingsBody>;

export const BoardSettingsView = z.object({
  eventId: Uuid,
  publicMode: BoardMode,
  freezeAt: IsoDateTime.nullable(),
  blind: z.boolean(),
  tieBreaks: z.array(TieBreak),
  updatedAt: IsoDateTime.nullable(),
});
export type BoardSettingsView = z.infer<typeof BoardSettingsView>;

// ── Rows ────────────────────────────────────────────────────────────────────

/** The numbers ranking needs; both rooms' rows carry them. */
const Scores = {
  /** The stage-weighted total, hundredths. */
  total: z.number().int(),
  /** Each stage's score (before weighting), hundredths; a stage without marks is absent. */
  stageTotals: z.record(z.string(), z.number().int()),
  /** Each aspect's combined score, keyed `stage/aspectKey`, hundredths (deductions as taken off). */
  aspectScores: z.record(z.string(), z.number().int()),
  /** Marks taken off by deduction aspects, hundredths. */
  deductions: z.number().int(),
  /** Seconds each stage took (用时), by stage, where the chief judge recorded it; absent when none is. */
  timeUsed: z.record(z.string(), z.number().int()).optional(),
};

/** A staff board row: the entry in full (the staff room is for the event's organisers and the bureau). */
export const StaffStandingRow = z.object({
  entryId: Uuid,
  /** 报名序号. */
  number: z.number().int(),
  /** Contestant or team name. */
  name: z.string(),
  employer: z.string().nullable(),
  judgingCode: z.string().nullable(),
  workstation: z.number().int().nullable(),
  ...Scores,
  /** Judges' progress: marks in, and marks expected (scored aspects × assigned judges). */
  marksIn: z.number().int(),
  marksExpected: z.number().int(),
  /** Stages signed off by the chief judge. */
  signedOff: z.array(z.string()),
});
export type StaffStandingRow = z.infer<typeof StaffStandingRow>;

/**
 * A public board row. `key` is the judging code on a blind board, else the 报名序号; `label` is
 * the masked name (张*明) or, blind, the judging code. Blind boards carry no employer.
 */
export const PublicStandingRow = z.object({
  key: z.string(),
  label: z.string(),
  employer: z.string().nullable(),
  ...Scores,
});
export type PublicStandingRow = z.infer<typeof PublicStandingRow>;

// ── The feed ────────────────────────────────────────────────────────────────

export const STANDINGS_ROOMS = ['public', 'staff'] as const;
export const StandingsRoom = z.enum(STANDINGS_ROOMS, { message: '排名频道须为公开或工作人员' });
export type StandingsRoom = z.infer<typeof StandingsRoom>;

export const StaffStandingsDelta = z.object({ seq: z.number().int().min(1), at: IsoDateTime, rows: z.array(StaffStandingRow) });
export type StaffStandingsDelta = z.infer<typeof StaffStandingsDelta>;
export const PublicStandingsDelta = z.object({ seq: z.number().int().min(1), at: IsoDateTime, rows: z.array(PublicStandingRow) });
export type PublicStandingsDelta = z.infer<typeof PublicStandingsDelta>;

/** The event a board shows, with what ranking needs. */
export const BoardEvent = z.object({
  id: Uuid,
  title: z.string(),
  status: z.string(),
  stages: z.array(z.object({ name: z.string(), weight: z.number() })),
  /** The stages' full marks, hundredths (null where the stage has no scheme yet). */
  stageMaxima: z.record(z.string(), z.number().int()),
  tieBreaks: z.array(TieBreak),
  blind: z.boolean(),
});
export type BoardEvent = z.infer<typeof BoardEvent>;

/** The whole board at `seq` (0 before any mark). */
export const StaffStandingsSnapshot = z.object({ event: BoardEvent, seq: z.number().int().min(0), at: IsoDateTime, rows: z.array(StaffStandingRow) });
export type StaffStandingsSnapshot = z.infer<typeof StaffStandingsSnapshot>;

export const PublicStandingsSnapshot = z.object({
  event: BoardEvent,
  state: PublicBoardState,
  /** When the board froze (state frozen), or will (mode freeze, still live). */
  freezeAt: IsoDateTime.nullable(),
  seq: z.number().int().min(0),
  at: IsoDateTime,
  /** Empty while hidden. */
  rows: z.array(PublicStandingRow),
});
export type PublicStandingsSnapshot = z.infer<typeof PublicStandingsSnapshot>;

/** `standings.subscribe`: join a room; `since` is the last seq the client applied (omit for a snapshot). */
export const StandingsSubscribe = z.object({
  eventId: Uuid,
  room: StandingsRoom,
  since: z.number().int().min(0).optional(),
});
export type StandingsSubscribe = z.infer<typeof StandingsSubscribe>;

/**
 * The ack (and GET …/feed): the deltas after `since` when they are few enough (`snapshot` null),
 * else a snapshot (`deltas` null).
 */
export const StaffSubscribeReply = z.object({
  room: z.literal('staff'),
  deltas: z.array(StaffStandingsDelta).nullable(),
  snapshot: StaffStandingsSnapshot.nullable(),
});
export type StaffSubscribeReply = z.infer<typeof StaffSubscribeReply>;
/** `state` is the public board's now: a client holding another state takes a snapshot. */
export const PublicSubscribeReply = z.object({
  room: z.literal('public'),
  state: PublicBoardState,
  deltas: z.array(PublicStandingsDelta).nullable(),
  snapshot: PublicStandingsSnapshot.nullable(),
});
export type PublicSubscribeReply = z.infer<typeof PublicSubscribeReply>;
export type StandingsSubscribeReply = StaffSubscribeReply | PublicSubscribeReply;

/** Server → client: deltas for a room, in seq order, coalesced (at most ~20 messages a second a room). */
export const StaffStandingsBatch = z.object({ eventId: Uuid, room: z.literal('staff'), deltas: z.array(StaffStandingsDelta) });
export type StaffStandingsBatch = z.infer<typeof StaffStandingsBatch>;
export const PublicStandingsBatch = z.object({ eventId: Uuid, room: z.literal('public'), deltas: z.array(PublicStandingsDelta) });
export type PublicStandingsBatch = z.infer<typeof PublicStandingsBatch>;

/** Server → client: the public board changed state (froze, was hidden, published) or the setting changed: fetch a snapshot. */
export const StandingsReset = z.object({ eventId: Uuid, room: StandingsRoom, reason: z.enum(['frozen', 'settings', 'rebuilt', 'published']) });
export type StandingsReset = z.infer<typeof StandingsReset>;

/** GET /events/:id/standings/feed?room=&since= — the feed over HTTP (as CLICS's since_token). */
export const StandingsFeedQuery = z.object({ room: StandingsRoom.default('public'), since: z.coerce.number().int().min(0).default(0) });
export type StandingsFeedQuery = z.infer<typeof StandingsFeedQuery>;

/** A client further behind than this many deltas gets a snapshot instead of the replay. */
export const FEED_REPLAY_LIMIT = 500;

/** POST /events/:id/standings/rebuild — the job that recomputes the board. */
export const StandingsRebuildReply = z.object({ jobId: z.string() });
export type StandingsRebuildReply = z.infer<typeof StandingsRebuildReply>;

import { IsoDateTime, Uuid } from './common';
import { AspectKind, JudgingCode, MarkValue, SchemeKey, StageName } from './judging';
import { z } from './zod';

/**
 * The arena format (擂台赛): setup (stage, tie rule, first holder, challenger order), bouts
 * opened one at a time, judges' bout marks (`arena.mark`, idempotent), bouts closed by the chief
 * judge or the organiser, and the live arena state (`arena.subscribe` → `arena.state`).
 *
 * Units: scores and `maxMarks` are integers in hundredths (80.5 marks = 8050); a judge's `value`
 * is in marks with at most two decimals, or 0–3 points for a judgement aspect, as MarkSubmit.
 * Contestants are named by their judging code (加密编号); public views of a blind event carry no name.
 */

export const ARENA_TIE_RULES = ['holder_keeps', 'challenger_wins'] as const;
export const ArenaTieRule = z.enum(ARENA_TIE_RULES, { message: '平分规则须为擂主守擂或攻擂者胜' });
export type ArenaTieRule = z.infer<typeof ArenaTieRule>;

export const ArenaFirstHolderMode = z.enum(['qualifying_top', 'last_champion'], { message: '首任擂主须为资格赛第一名或上届冠军' });
export type ArenaFirstHolderMode = z.infer<typeof ArenaFirstHolderMode>;

export const ArenaOrderMode = z.enum(['drawn', 'set'], { message: '攻擂顺序须为抽签或指定' });
export type ArenaOrderMode = z.infer<typeof ArenaOrderMode>;

/** PUT /events/:id/arena — allowed until the first bout is opened. */
export const ArenaSetupBody = z.object({
  /** The stage whose marking scheme scores every bout (both contestants on the same sheet). */
  stage: StageName,
  tieRule: ArenaTieRule,
  /** Must be the way the event's proposal chose (arenaFirstHolder). */
  firstHolder: z.discriminatedUnion(
    'mode',
    [
      /** The top of the qualifying stage's current standings (a tie for first is refused). */
      z.object({ mode: z.literal('qualifying_top'), stage: StageName }),
      /** Last edition's champion, entered in this event. */
      z.object({ mode: z.literal('last_champion'), judgingCode: JudgingCode }),
    ],
    { error: '请选择首任擂主的产生方式' },
  ),
  order: z.discriminatedUnion(
    'mode',
    [
      /** Every other approved entry, shuffled with a seed the server records and shows. */
      z.object({ mode: z.literal('drawn') }),
      z.object({ mode: z.literal('set'), judgingCodes: z.array(JudgingCode).min(1, '至少要有一名攻擂者').max(500, '攻擂者过多') }),
    ],
    { error: '请选择攻擂顺序' },
  ),
});
export type ArenaSetupBody = z.infer<typeof ArenaSetupBody>;

export const BoutParam = z.object({ id: Uuid, number: z.coerce.number().int('场次应为整数').min(1, '场次从 1 开始') });
export type BoutParam = z.infer<typeof BoutParam>;

/** A judge's mark on one aspect of one contestant in one bout (socket `arena.mark`, or HTTP). */
export const ArenaMarkSubmit = z.object({
  /** Generated once per mark and sent again unchanged on every resend. */
  idempotencyKey: Uuid,
  eventId: Uuid,
  /** The bout's number, from 1. */
  bout: z.number({ error: '请填写场次' }).int('场次应为整数').min(1, '场次从 1 开始'),
  /** The holder's or the challenger's code. */
  judgingCode: JudgingCode,
  aspectKey: SchemeKey,
  value: MarkValue,
});
export type ArenaMarkSubmit = z.infer<typeof ArenaMarkSubmit>;

export const ArenaMarkAck = z.object({ markId: Uuid, duplicate: z.boolean() });
export type ArenaMarkAck = z.infer<typeof ArenaMarkAck>;

/** A contestant as an arena view shows them: `label` is the name (staff), the masked name, or the code (blind). */
export const ArenaContestant = z.object({
  judgingCode: z.string(),
  label: z.string(),
  /** Staff views only. */
  name: z.string().nullable(),
});
export type ArenaContestant = z.infer<typeof ArenaContestant>;

export const ArenaOutcome = z.enum(['defended', 'taken']);
export type ArenaOutcome = z.infer<typeof ArenaOutcome>;

export const ArenaBoutView = z.object({
  number: z.number().int(),
  status: z.enum(['open', 'decided']),
  holder: ArenaContestant,
  challenger: ArenaContestant,
  /** Hundredths on the stage's scale; live while the bout is open, final once decided. */
  holderScore: z.number().int(),
  challengerScore: z.number().int(),
  /** Bout marks in, and expected (assigned judges × scored aspects in scope × both contestants). */
  marksIn: z.number().int(),
  marksExpected: z.number().int(),
  outcome: ArenaOutcome.nullable(),
  decidedAt: IsoDateTime.nullable(),
});
export type ArenaBoutView = z.infer<typeof ArenaBoutView>;

export const ArenaRunView = z.object({
  holder: ArenaContestant,
  fromBout: z.number().int(),
  toBout: z.number().int(),
  defences: z.number().int(),
  current: z.boolean(),
});
export type ArenaRunView = z.infer<typeof ArenaRunView>;

/** The whole arena of an event as one room sees it, with the seq of the change it reflects. */
export const ArenaState = z.object({
  eventId: Uuid,
  title: z.string(),
  /** 0 before setup; +1 with every change (setup, bout opened, mark, bout decided). */
  seq: z.number().int().min(0),
  at: IsoDateTime,
  room: z.enum(['public', 'staff']),
  configured: z.boolean(),
  /** The public board is hidden until results (the board setting): no scores or holders. */
  hidden: z.boolean(),
  blind: z.boolean(),
  stage: z.string().nullable(),
  /** Hundredths: the stage scheme's full marks. */
  stageMax: z.number().int().nullable(),
  tieRule: ArenaTieRule.nullable(),
  firstHolderMode: ArenaFirstHolderMode.nullable(),
  orderMode: ArenaOrderMode.nullable(),
  /** The seed of a drawn order (64 hex), so anyone can recompute it (libs/domain challengerOrder). */
  orderSeed: z.string().nullable(),
  firstHolder: ArenaContestant.nullable(),
  /** Challengers in order, played or not. */
  order: z.array(ArenaContestant),
  holder: ArenaContestant.nullable(),
  /** Defences of the current holder's run. */
  holderDefences: z.number().int(),
  bouts: z.array(ArenaBoutView),
  runs: z.array(ArenaRunView),
  /** Every challenger has had their bout and it is decided. */
  finished: z.boolean(),
  /** The holder after the last decided bout. */
  champion: ArenaContestant.nullable(),
  longestDefence: z.object({ holder: ArenaContestant, defences: z.number().int(), fromBout: z.number().int() }).nullable(),
  /** Staff only (null in public): what the setup form offers. */
  setupOptions: z
    .object({
      /** The event's stages, for the bout stage and the qualifying stage. */
      stages: z.array(z.string()),
      /** How the proposal chose the first holder. */
      firstHolderRule: ArenaFirstHolderMode.nullable(),
      /** Approved entries with a judging code. */
      entrants: z.array(ArenaContestant),
    })
    .nullable(),
});
export type ArenaState = z.infer<typeof ArenaState>;

export const ArenaSubscribe = z.object({
  eventId: Uuid,
  room: z.enum(['public', 'staff'], { message: '频道须为公开或工作人员' }),
  /** The seq the client holds; the reply then has no state when nothing changed since. */
  since: z.number().int().min(0).optional(),
});
export type ArenaSubscribe = z.infer<typeof ArenaSubscribe>;

/** The ack of `arena.subscribe`: the current seq, and the state unless the client is up to date. */
export const ArenaSubscribeReply = z.object({ seq: z.number().int(), state: ArenaState.nullable() });
export type ArenaSubscribeReply = z.infer<typeof ArenaSubscribeReply>;

/** Pushed to the rooms after each committed change: apply only when its seq is above the one held. */
export const ArenaStatePush = z.object({ eventId: Uuid, room: z.enum(['public', 'staff']), state: ArenaState });
export type ArenaStatePush = z.infer<typeof ArenaStatePush>;

/** GET /events/:id/arena/sheet — a judge's bout sheet: the open bout's two codes, the aspects in scope, own marks. */
export const ArenaSheet = z.object({
  eventId: Uuid,
  title: z.string(),
  stage: z.string().nullable(),
  role: z.enum(['judge', 'chief']),
  bout: z.object({ number: z.number().int(), holderCode: z.string(), challengerCode: z.string(), marksIn: z.number().int(), marksExpected: z.number().int() }).nullable(),
  aspects: z.array(z.object({ key: z.string(), title: z.string(), kind: AspectKind, maxMarks: z.number().int() })),
  /** The judge's marks in the open bout, hundredths. */
  marks: z.array(z.object({ judgingCode: z.string(), aspectKey: z.string(), value: z.number().int() })),
});
export type ArenaSheet = z.infer<typeof ArenaSheet>;

/** What the results job reads (ArenaRepository.summary). */
export interface ArenaSummary {
  champion: string | null;
  longestDefence: { entryId: string; defences: number } | null;
  bouts: number;
}

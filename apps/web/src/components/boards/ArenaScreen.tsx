import type { ArenaBoutView, ArenaState } from '@dz/contracts';
import { ARENA_OUTCOME_LABELS, ARENA_TIE_RULE_LABELS } from '@dz/domain';
import type { ConnectionStatus } from '../../lib/standings';
import { formatScore } from '../../lib/standings';
import { useDocumentTitle } from '../../lib/use-document-title';
import { CONNECTION_LABELS } from './BoardBits';
import './arena.css';

/** Bouts shown on the run timeline at most (the latest); the run table keeps the rest. */
const TIMELINE_MAX = 8;

function LiveBout({ bout, stageMax }: { bout: ArenaBoutView; stageMax: number | null }) {
  const lead = bout.challengerScore > bout.holderScore ? 'challenger' : bout.holderScore > bout.challengerScore ? 'holder' : 'even';
  return (
    <section className="dz-arena-bout" data-testid="arena-bout-live" data-bout={bout.number} data-status={bout.status}>
      <div className="dz-arena-bout-title">
        第 {bout.number} 场 · {bout.status === 'open' ? '进行中' : ARENA_OUTCOME_LABELS[bout.outcome ?? 'defended']}
      </div>
      <div className="dz-arena-versus">
        <div className={`dz-arena-side dz-arena-side-holder ${lead === 'holder' ? 'dz-arena-lead' : ''}`}>
          <div className="dz-arena-side-role">擂主</div>
          <div className="dz-arena-side-label">{bout.holder.label}</div>
          <div className="dz-arena-side-score" data-testid="arena-holder-score">
            {formatScore(bout.holderScore)}
          </div>
        </div>
        <div className="dz-arena-vs">VS</div>
        <div className={`dz-arena-side dz-arena-side-challenger ${lead === 'challenger' ? 'dz-arena-lead' : ''}`}>
          <div className="dz-arena-side-role">攻擂者</div>
          <div className="dz-arena-side-label">{bout.challenger.label}</div>
          <div className="dz-arena-side-score" data-testid="arena-challenger-score">
            {formatScore(bout.challengerScore)}
          </div>
        </div>
      </div>
      <div className="dz-arena-bout-foot">
        评分进度 {bout.marksIn}/{bout.marksExpected}
        {stageMax !== null && ` · 满分 ${formatScore(stageMax)} 分`}
      </div>
    </section>
  );
}

/**
 * The big screen of an arena event (擂台赛), 1920×1080: the holder (擂主) with their defence
 * count, the bout in progress with both live scores, and the holder's run as a timeline of bouts
 * (守擂成功 / 攻擂成功). Public data only: codes on a blind board, masked names otherwise.
 */
export function ArenaScreen({ state, clock, connection }: { state: ArenaState; clock: string; connection: ConnectionStatus }) {
  useDocumentTitle(`擂台实况：${state.title}`);
  const current = [...state.bouts].reverse().find((b) => b.status === 'open') ?? state.bouts.at(-1) ?? null;
  const timeline = state.bouts.filter((b) => b.status === 'decided').slice(-TIMELINE_MAX);
  const upcoming = state.order.slice(state.bouts.length, state.bouts.length + 3);
  return (
    <div className="dz-screen dz-arena" data-testid="arena-screen" data-seq={state.seq}>
      <header className="dz-screen-header">
        <div className="dz-screen-heading">
          <div className="dz-screen-kicker">技能达人擂台赛 · 擂台实况</div>
          <h1 className="dz-screen-title" data-testid="board-title">
            {state.title}
          </h1>
        </div>
        <div className="dz-screen-side">
          <div className="dz-screen-clock" data-testid="screen-clock">
            {clock}
          </div>
        </div>
      </header>
      {state.hidden ? (
        <div className="dz-screen-calm" data-testid="board-hidden">
          <div className="dz-screen-calm-title">成绩公布前不公开擂台赛结果</div>
          <div className="dz-screen-calm-sub">比赛进行中，请关注赛场安排</div>
        </div>
      ) : !state.configured ? (
        <div className="dz-screen-calm" data-testid="arena-not-ready">
          <div className="dz-screen-calm-title">擂台赛即将开始</div>
        </div>
      ) : (
        <main className="dz-arena-main">
          <section className="dz-arena-holder" data-testid="arena-holder" data-code={state.holder?.judgingCode ?? ''}>
            <div className="dz-arena-holder-kicker">{state.finished ? '最终擂主' : '当前擂主'}</div>
            <div className="dz-arena-holder-label">{state.holder?.label ?? '—'}</div>
            <div className="dz-arena-holder-defences" data-testid="arena-defences" data-defences={state.holderDefences}>
              已守擂 <strong>{state.holderDefences}</strong> 场
            </div>
            {state.longestDefence && (
              <div className="dz-arena-holder-note" data-testid="arena-longest">
                最长连续守擂：{state.longestDefence.holder.label} {state.longestDefence.defences} 场
              </div>
            )}
            {state.finished && state.champion && (
              <div className="dz-arena-champion" data-testid="arena-champion">
                冠军 {state.champion.label}
              </div>
            )}
            {!state.finished && upcoming.length > 0 && (
              <div className="dz-arena-upcoming" data-testid="arena-upcoming">
                待攻擂：{upcoming.map((c) => c.label).join('、')}
              </div>
            )}
          </section>
          <div className="dz-arena-center">
            {current ? (
              <LiveBout bout={current} stageMax={state.stageMax} />
            ) : (
              <section className="dz-arena-bout dz-arena-bout-waiting">
                <div className="dz-arena-bout-title">第 1 场即将开始</div>
              </section>
            )}
            <section className="dz-arena-run" data-testid="arena-timeline">
              <div className="dz-arena-run-title">擂主之路</div>
              {timeline.length === 0 && <div className="dz-arena-run-empty">尚无已判定的场次</div>}
              <ol className="dz-arena-run-list">
                {timeline.map((b) => (
                  <li key={b.number} className={`dz-arena-run-item dz-arena-run-${b.outcome}`} data-testid="arena-timeline-item" data-bout={b.number} data-outcome={b.outcome}>
                    <span className="dz-arena-run-no">第 {b.number} 场</span>
                    <span className="dz-arena-run-pair">
                      {b.holder.label} <em>{formatScore(b.holderScore)}</em> : <em>{formatScore(b.challengerScore)}</em> {b.challenger.label}
                    </span>
                    <span className="dz-arena-run-outcome">{ARENA_OUTCOME_LABELS[b.outcome ?? 'defended']}</span>
                  </li>
                ))}
              </ol>
            </section>
          </div>
        </main>
      )}
      <footer className="dz-screen-footer">
        <span data-testid="connection" data-state={connection}>
          {CONNECTION_LABELS[connection]}
        </span>
        <span>{state.tieRule ? `${ARENA_TIE_RULE_LABELS[state.tieRule]} · ` : ''}成绩单位：分 · 以裁判长签字确认的成绩为准</span>
      </footer>
    </div>
  );
}

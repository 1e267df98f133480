import type { PublicStandingRow } from '@dz/contracts';
import { useEffect, useRef, useState } from 'react';
import { useParams } from 'react-router';
import { ArenaScreen } from '../components/boards/ArenaScreen';
import { CONNECTION_LABELS, frozenNote, RankChange, StateBadge, useClock, useFlip } from '../components/boards/BoardBits';
import { useArena } from '../lib/arena';
import { formatScore, pageOf, useLiveBoard, type BoardRow } from '../lib/standings';
import { useDocumentTitle } from '../lib/use-document-title';
import './boards.css';

/** Rows a page below the top three, and how long a page stays (ms). */
const PAGE_SIZE = 8;
const PAGE_MS = 8000;
const TOP = 3;

function stageScore(row: PublicStandingRow, stage: string): string {
  return Object.hasOwn(row.stageTotals, stage) ? formatScore(row.stageTotals[stage]) : '—';
}

function TopCard({ item, stages }: { item: BoardRow<PublicStandingRow>; stages: string[] }) {
  const { row, rank, change } = item;
  return (
    <div
      className={`dz-screen-top dz-screen-top-${Math.min(rank, 3)} ${change !== 0 ? 'dz-moved' : ''}`}
      data-flip={row.key}
      data-testid="board-row"
      data-key={row.key}
      data-rank={rank}
    >
      <div className="dz-screen-top-rank">{rank}</div>
      <div className="dz-screen-top-body">
        <div className="dz-screen-top-label" data-testid="row-label">
          {row.label}
        </div>
        {row.employer && <div className="dz-screen-top-employer">{row.employer}</div>}
        <div className="dz-screen-top-stages">
          {stages.map((s) => (
            <span key={s}>
              {s} {stageScore(row, s)}
            </span>
          ))}
        </div>
      </div>
      <div className="dz-screen-top-total">
        <span data-testid="row-total">{formatScore(row.total)}</span>
        <RankChange change={change} />
      </div>
    </div>
  );
}

/**
 * `/screen/events/:id`: the big screen at the venue (1920×1080, read from the back of the hall).
 * An arena event (擂台赛) once set up shows the arena (ArenaScreen); any other event the ranking.
 */
export function ScreenBoardPage() {
  const { id } = useParams();
  const arena = useArena(id, 'public');
  const clock = useClock();
  if (arena.state?.configured) return <ArenaScreen state={arena.state} clock={clock} connection={arena.connection} />;
  // Until the arena answers, neither view (no flash of the ranking on an arena's screen).
  if (!arena.state && !arena.error) {
    return (
      <div className="dz-screen" data-testid="screen-loading">
        <div className="dz-screen-calm">
          <div className="dz-screen-calm-title">正在加载…</div>
        </div>
      </div>
    );
  }
  return <StandingsScreen id={id} clock={clock} />;
}

/**
 * The ranking on the big screen: the top three large, the rest paged every 8 s; rows slide when
 * they change places. Shows only what the public rows carry: masked names, or judging codes on a
 * blind board.
 */
function StandingsScreen({ id, clock }: { id: string | undefined; clock: string }) {
  const board = useLiveBoard(id, 'public');
  useDocumentTitle(board.event ? `实时排名：${board.event.title}` : '实时排名');
  const listRef = useRef<HTMLDivElement>(null);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const timer = window.setInterval(() => setTick((t) => t + 1), PAGE_MS);
    return () => window.clearInterval(timer);
  }, []);

  const top = board.rows.slice(0, TOP);
  const rest = board.rows.slice(TOP);
  const page = pageOf(rest, PAGE_SIZE, tick);
  useFlip(listRef, `${board.version}:${page.page}`);
  const stages = board.event?.stages.map((s) => s.name) ?? [];
  const hidden = board.state === 'hidden';

  return (
    <div className="dz-screen" data-testid="screen-board">
      <header className="dz-screen-header">
        <div className="dz-screen-heading">
          <div className="dz-screen-kicker">达州技能大赛 · 实时排名</div>
          <h1 className="dz-screen-title" data-testid="board-title">
            {board.event?.title ?? (board.error ? '实时排名' : '正在加载…')}
          </h1>
        </div>
        <div className="dz-screen-side">
          <StateBadge state={board.state} className="dz-screen-badge" />
          <div className="dz-screen-clock" data-testid="screen-clock">
            {clock}
          </div>
        </div>
      </header>
      {board.state === 'frozen' && (
        <div className="dz-screen-note" data-testid="frozen-note">
          {frozenNote(board.freezeAt)}
        </div>
      )}
      {board.error ? (
        <div className="dz-screen-calm" data-testid="board-error">
          <div className="dz-screen-calm-title">{board.error}</div>
        </div>
      ) : hidden ? (
        <div className="dz-screen-calm" data-testid="board-hidden">
          <div className="dz-screen-calm-title">成绩公布前不公开排名</div>
          <div className="dz-screen-calm-sub">比赛进行中，请关注赛场安排</div>
        </div>
      ) : (
        <main className="dz-screen-main" ref={listRef}>
          {board.loaded && board.rows.length === 0 && <div className="dz-screen-calm-title">暂无参赛选手</div>}
          <section className="dz-screen-tops">
            {top.map((item) => (
              <TopCard key={item.row.key} item={item} stages={stages} />
            ))}
          </section>
          {rest.length > 0 && (
            <section className="dz-screen-table">
              <div className="dz-screen-thead">
                <span>名次</span>
                <span>{board.event?.blind ? '加密编号' : '选手'}</span>
                <span className="dz-screen-stagecols">
                  {stages.map((s) => (
                    <span key={s}>{s}</span>
                  ))}
                </span>
                <span>总分</span>
              </div>
              {page.items.map(({ row, rank, change }) => (
                <div
                  key={row.key}
                  className={`dz-screen-row ${change !== 0 ? 'dz-moved' : ''}`}
                  data-flip={row.key}
                  data-testid="board-row"
                  data-key={row.key}
                  data-rank={rank}
                >
                  <span className="dz-screen-rank">{rank}</span>
                  <span className="dz-screen-label">
                    <span data-testid="row-label">{row.label}</span>
                    {row.employer && <small>{row.employer}</small>}
                  </span>
                  <span className="dz-screen-stagecols">
                    {stages.map((s) => (
                      <span key={s}>{stageScore(row, s)}</span>
                    ))}
                  </span>
                  <span className="dz-screen-total">
                    <span data-testid="row-total">{formatScore(row.total)}</span>
                    <RankChange change={change} />
                  </span>
                </div>
              ))}
              {page.pages > 1 && (
                <div className="dz-screen-pager" data-testid="screen-pager">
                  第 {TOP + page.page * PAGE_SIZE + 1}–{TOP + page.page * PAGE_SIZE + page.items.length} 名 · {page.page + 1}/{page.pages} 页
                </div>
              )}
            </section>
          )}
        </main>
      )}
      <footer className="dz-screen-footer">
        <span data-testid="connection" data-state={board.connection}>
          {CONNECTION_LABELS[board.connection]}
        </span>
        <span>成绩单位：分 · 以裁判长签字确认的成绩为准</span>
      </footer>
    </div>
  );
}

import type { PublicStandingRow } from '@dz/contracts';
import { Input } from 'antd';
import { useCallback, useRef, useState } from 'react';
import { Link, useParams } from 'react-router';
import { ArenaPhone } from '../components/boards/ArenaPhone';
import { CONNECTION_LABELS, frozenNote, RankChange, StateBadge, useFlip } from '../components/boards/BoardBits';
import { useArena } from '../lib/arena';
import { formatScore, searchRows, useLiveBoard, type BoardRow } from '../lib/standings';
import { useDocumentTitle } from '../lib/use-document-title';
import './boards.css';

const followKey = (eventId: string) => `dz-board-follow:${eventId}`;

/** The contestant this phone follows on an event's board (the row key), kept in localStorage. */
function useFollow(eventId: string | undefined): [string | null, (key: string | null) => void] {
  const [key, setKey] = useState<string | null>(() => {
    try {
      return eventId ? window.localStorage.getItem(followKey(eventId)) : null;
    } catch {
      return null;
    }
  });
  const set = useCallback(
    (next: string | null) => {
      setKey(next);
      if (!eventId) return;
      try {
        if (next === null) window.localStorage.removeItem(followKey(eventId));
        else window.localStorage.setItem(followKey(eventId), next);
      } catch {
        // Private browsing without storage: the follow lasts for this visit only.
      }
    },
    [eventId],
  );
  return [key, set];
}

function PhoneRow({
  item,
  blind,
  followed,
  onFollow,
  pinned,
}: {
  item: BoardRow<PublicStandingRow>;
  blind: boolean;
  followed: boolean;
  onFollow: () => void;
  pinned?: boolean;
}) {
  const { row, rank, change } = item;
  const sub = blind ? '加密编号' : [`序号 ${row.key}`, row.employer].filter(Boolean).join(' · ');
  return (
    <div
      className={`dz-phone-row ${followed ? 'dz-followed' : ''} ${change !== 0 ? 'dz-moved' : ''}`}
      data-flip={pinned ? undefined : row.key}
      data-testid={pinned ? 'followed-row' : 'board-row'}
      data-key={row.key}
      data-rank={rank}
    >
      <div className={`dz-phone-rank dz-phone-rank-${rank <= 3 ? rank : 'n'}`}>{rank}</div>
      <div className="dz-phone-who">
        <div className="dz-phone-label" data-testid="row-label">
          {row.label}
        </div>
        <div className="dz-phone-sub">{sub}</div>
      </div>
      <div className="dz-phone-total">
        <span data-testid="row-total">{formatScore(row.total)}</span>
        <RankChange change={change} />
      </div>
      <button
        type="button"
        className="dz-phone-follow"
        aria-pressed={followed}
        aria-label={followed ? `取消关注 ${row.label}` : `关注 ${row.label}`}
        onClick={onFollow}
        data-testid="follow"
      >
        {followed ? '★' : '☆'}
      </button>
    </div>
  );
}

/**
 * `/board/events/:id`: the audience's phone board. The standings live, a search by what the row
 * shows (加密编号, masked name or 序号), and one followed contestant pinned on top. An arena
 * event (擂台赛) shows its holder, live bout and run above the standings.
 */
export function PhoneBoardPage() {
  const { id } = useParams();
  const board = useLiveBoard(id, 'public');
  const arena = useArena(id, 'public');
  useDocumentTitle(board.event ? `实时排名：${board.event.title}` : '实时排名');
  const [query, setQuery] = useState('');
  const [followed, setFollowed] = useFollow(id);
  const listRef = useRef<HTMLDivElement>(null);
  useFlip(listRef, board.version);
  const blind = board.event?.blind ?? false;
  const shown = searchRows(board.rows, query);
  const pinned = followed ? board.rows.find((r) => r.row.key === followed) : undefined;
  const toggle = (key: string) => setFollowed(followed === key ? null : key);

  return (
    <div className="dz-phone" data-testid="phone-board">
      <header className="dz-phone-header">
        <h1 className="dz-phone-title" data-testid="board-title">
          {board.event?.title ?? (board.error ? '实时排名' : '正在加载…')}
        </h1>
        <div className="dz-phone-meta">
          <StateBadge state={board.state} />
          <span data-testid="connection" data-state={board.connection}>
            {CONNECTION_LABELS[board.connection]}
          </span>
        </div>
      </header>
      <div className="dz-phone-body">
        {board.error ? (
          <div className="dz-phone-calm" data-testid="board-error">
            {board.error}
          </div>
        ) : board.state === 'hidden' ? (
          <div className="dz-phone-calm" data-testid="board-hidden">
            成绩公布前不公开排名
          </div>
        ) : (
          <>
            {board.state === 'frozen' && (
              <div className="dz-phone-note" data-testid="frozen-note">
                {frozenNote(board.freezeAt)}
              </div>
            )}
            {arena.state && <ArenaPhone state={arena.state} />}
            <Input.Search
              allowClear
              size="large"
              placeholder={blind ? '搜索加密编号' : '搜索姓名或序号'}
              value={query}
              onChange={(e) => setQuery(e.target.value)}
              data-testid="board-search"
            />
            {pinned && (
              <>
                <div className="dz-phone-section">我的关注</div>
                <PhoneRow item={pinned} blind={blind} followed onFollow={() => toggle(pinned.row.key)} pinned />
              </>
            )}
            <div className="dz-phone-section">
              全部排名（{board.rows.length} 人）{query.trim() && ` · 找到 ${shown.length} 人`}
            </div>
            <div className="dz-phone-list" ref={listRef}>
              {shown.map((item) => (
                <PhoneRow key={item.row.key} item={item} blind={blind} followed={item.row.key === followed} onFollow={() => toggle(item.row.key)} />
              ))}
              {board.loaded && shown.length === 0 && <div className="dz-phone-calm">{query.trim() ? '没有找到匹配的选手' : '暂无参赛选手'}</div>}
            </div>
          </>
        )}
        <p className="dz-phone-section" style={{ textAlign: 'center', marginTop: 16 }}>
          {id && <Link to={`/events/${id}`}>查看赛项详情</Link>}
        </p>
      </div>
    </div>
  );
}

import { PUBLIC_BOARD_STATE_LABELS, type PublicBoardState } from '@dz/contracts';
import dayjs from 'dayjs';
import { useEffect, useLayoutEffect, useRef, useState, type RefObject } from 'react';
import { formatDateTime } from '../../lib/format';
import type { ConnectionStatus } from '../../lib/standings';

/** The wall clock in Dazhou (UTC+8), HH:mm:ss, ticking every second. */
export function useClock(): string {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(timer);
  }, []);
  return dayjs(now).utcOffset(8 * 60).format('HH:mm:ss');
}

/** The public board's state as a badge: 实时 / 已封榜 / 未公开 / 成绩已公布. */
export function StateBadge({ state, className }: { state: PublicBoardState | null; className?: string }) {
  if (!state) return null;
  return (
    <span className={`dz-board-badge dz-board-badge-${state} ${className ?? ''}`} data-testid="board-state" data-state={state}>
      {state === 'live' && <span className="dz-board-dot" aria-hidden />}
      {PUBLIC_BOARD_STATE_LABELS[state]}
    </span>
  );
}

/** What a frozen board says about itself. */
export function frozenNote(freezeAt: string | null): string {
  return freezeAt ? `排名停在封榜时刻（${formatDateTime(freezeAt)}），之后的成绩待公布时揭晓` : '排名已封榜，之后的成绩待公布时揭晓';
}

export const CONNECTION_LABELS: Record<ConnectionStatus, string> = { connecting: '正在连接…', online: '已连接', offline: '连接中断，正在重连…' };

/** ▲2 / ▼1 for a row that moved at the last update; nothing otherwise. */
export function RankChange({ change }: { change: number }) {
  if (change === 0) return null;
  return (
    <span className={change > 0 ? 'dz-rank-up' : 'dz-rank-down'} data-testid="rank-change" data-change={change}>
      {change > 0 ? '▲' : '▼'}
      {Math.abs(change)}
    </span>
  );
}

/**
 * FLIP: after each render, every child with `data-flip` that moved slides from where it was to
 * where it is now (CSS transform transition), so a rank change reads as a movement.
 */
export function useFlip(container: RefObject<HTMLElement | null>, version: unknown): void {
  const positions = useRef(new Map<string, number>());
  useLayoutEffect(() => {
    const root = container.current;
    if (!root) return;
    const next = new Map<string, number>();
    const reduce = window.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? false;
    for (const el of root.querySelectorAll<HTMLElement>('[data-flip]')) {
      const key = el.dataset.flip as string;
      const top = el.getBoundingClientRect().top;
      next.set(key, top);
      const before = positions.current.get(key);
      if (before === undefined || reduce || Math.abs(before - top) < 1) continue;
      el.style.transition = 'none';
      el.style.transform = `translateY(${before - top}px)`;
      // Force the start position to be laid out before the transition back to 0.
      void el.offsetHeight;
      el.style.transition = 'transform 700ms cubic-bezier(0.2, 0.8, 0.2, 1)';
      el.style.transform = '';
    }
    positions.current = next;
  }, [container, version]);
}

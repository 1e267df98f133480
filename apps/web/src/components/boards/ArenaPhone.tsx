import type { ArenaState } from '@dz/contracts';
import { ARENA_OUTCOME_LABELS } from '@dz/domain';
import { formatScore } from '../../lib/standings';
import './arena.css';

/**
 * The arena (擂台赛) on the audience's phone board: the holder with their defences, the bout in
 * progress with both live scores, and the holder's run, newest first. Public data only.
 */
export function ArenaPhone({ state }: { state: ArenaState }) {
  if (!state.configured || state.hidden) return null;
  const open = state.bouts.find((b) => b.status === 'open') ?? null;
  const decided = state.bouts.filter((b) => b.status === 'decided').reverse();
  return (
    <section className="dz-arena-phone" data-testid="arena-phone" data-seq={state.seq}>
      <div className="dz-arena-phone-holder" data-testid="arena-phone-holder" data-code={state.holder?.judgingCode ?? ''}>
        <span>{state.finished ? '最终擂主' : '当前擂主'}</span>
        <strong>{state.holder?.label ?? '—'}</strong>
        <span>已守擂 {state.holderDefences} 场</span>
      </div>
      {open && (
        <div className="dz-arena-phone-live" data-testid="arena-phone-live" data-bout={open.number}>
          <div>第 {open.number} 场 · 进行中（评分 {open.marksIn}/{open.marksExpected}）</div>
          <div className="dz-arena-phone-score">
            <span>{open.holder.label}</span>
            <strong>
              {formatScore(open.holderScore)} : {formatScore(open.challengerScore)}
            </strong>
            <span>{open.challenger.label}</span>
          </div>
        </div>
      )}
      {decided.length > 0 && (
        <ol className="dz-arena-phone-run">
          {decided.map((b) => (
            <li key={b.number} data-testid="arena-phone-bout" data-bout={b.number} data-outcome={b.outcome}>
              <span>第 {b.number} 场</span>
              <span>
                {b.holder.label} {formatScore(b.holderScore)} : {formatScore(b.challengerScore)} {b.challenger.label}
              </span>
              <span className={`dz-arena-phone-${b.outcome}`}>{ARENA_OUTCOME_LABELS[b.outcome ?? 'defended']}</span>
            </li>
          ))}
        </ol>
      )}
      {state.finished && state.champion && <div className="dz-arena-phone-champion">冠军：{state.champion.label}</div>}
    </section>
  );
}

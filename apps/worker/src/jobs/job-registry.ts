import { JOBS, type JobName } from '@dz/contracts';

/**
 * Checks that every job name has exactly one handler and that no handler claims an unknown name.
 * Returns the problems; the worker refuses to start when there are any.
 */
export function checkHandlerCoverage(claimed: string[]): string[] {
  const problems: string[] = [];
  const counts = new Map<string, number>();
  for (const name of claimed) counts.set(name, (counts.get(name) ?? 0) + 1);
  for (const name of Object.keys(JOBS) as JobName[]) {
    const count = counts.get(name) ?? 0;
    if (count === 0) problems.push(`job "${name}" has no handler`);
    if (count > 1) problems.push(`job "${name}" has ${count} handlers`);
  }
  for (const name of counts.keys()) {
    if (!(name in JOBS)) problems.push(`handler for unknown job "${name}"`);
  }
  return problems;
}

import { JOBS } from '@dz/contracts';
import { HANDLERS } from '../worker.module';
import { ON_JOB } from './on-job.decorator';
import { checkHandlerCoverage } from './job-registry';

describe('checkHandlerCoverage', () => {
  const all = Object.keys(JOBS);

  it('should accept exactly one handler per job', () => {
    expect(checkHandlerCoverage(all)).toEqual([]);
  });

  it('should report a job with no handler', () => {
    expect(checkHandlerCoverage([])).toEqual(all.map((name) => `job "${name}" has no handler`));
  });

  it('should report a job with two handlers', () => {
    expect(checkHandlerCoverage([...all, all[0]])).toEqual([`job "${all[0]}" has 2 handlers`]);
  });

  it('should report a handler for an unknown job', () => {
    expect(checkHandlerCoverage([...all, 'nothing.here'])).toEqual(['handler for unknown job "nothing.here"']);
  });

  it('should find the worker module handlers complete', () => {
    const claimed = HANDLERS.map((handler) => Reflect.getMetadata(ON_JOB, handler) as string);
    expect(checkHandlerCoverage(claimed)).toEqual([]);
  });
});

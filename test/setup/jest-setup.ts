import fc from 'fast-check';

// One place sets how hard properties are searched; never Math.random inside a property.
fc.configureGlobal({ numRuns: Number(process.env.FC_NUM_RUNS ?? 200) });

jest.setTimeout(60_000);

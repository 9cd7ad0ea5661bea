// The list of test files, generated at bundle time by test/integration/build.mjs.
declare module 'kata:integration-suites' {
  export const suites: ReadonlyArray<{ file: string; load: () => Promise<unknown> }>;
}

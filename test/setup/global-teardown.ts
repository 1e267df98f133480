export default async function globalTeardown(): Promise<void> {
  await globalThis.__DZ_TEST_STACK__?.stop();
}

/**
 * Waits for a condition the code under test will meet. The timeout bounds a hang only: a busy
 * 2-core machine may take seconds to schedule the work that meets it.
 */
export async function waitUntil(met: () => boolean, hangMs = 45_000): Promise<void> {
  const end = Date.now() + hangMs;
  while (!met()) {
    if (Date.now() > end) throw new Error(`condition not met within ${hangMs} ms: ${met.toString()}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

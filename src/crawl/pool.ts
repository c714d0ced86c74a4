// A small bounded-concurrency runner: at most `size` tasks in flight, fed from an async iterable.

/** Runs `work` for every item with at most `size` in flight; resolves when all finished. */
export async function runPool<T>(
  items: AsyncIterable<T> | Iterable<T>,
  size: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  const running = new Set<Promise<void>>();
  let failure: unknown = null;
  for await (const item of items) {
    if (failure) break;
    const p: Promise<void> = work(item)
      .catch((err) => {
        failure ??= err;
      })
      .finally(() => running.delete(p));
    running.add(p);
    if (running.size >= size) await Promise.race(running);
  }
  await Promise.all(running);
  if (failure) throw failure;
}

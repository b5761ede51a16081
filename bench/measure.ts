/** Shared by the benchmarks: flags and peak-memory measurement of one piece of work. */

/** `--name 42` from the command line, or `fallback`. */
export function numberFlag(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

const mb = (bytes: number) => bytes / 1024 / 1024;

/**
 * Run `work`, sampling this process's RSS every 20 ms. Run it in a child process of its own so
 * the peak belongs to the work alone.
 */
export async function measured<T>(
  work: () => Promise<T>,
): Promise<{ value: T; seconds: number; peakRssMb: number; baseRssMb: number }> {
  const base = process.memoryUsage.rss();
  let peak = base;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 20);
  const started = process.hrtime.bigint();
  try {
    const value = await work();
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    return { value, seconds, peakRssMb: mb(Math.max(peak, process.memoryUsage.rss())), baseRssMb: mb(base) };
  } finally {
    clearInterval(sampler);
  }
}

/**
 * Runs fn and returns its result with the CPU time this process spent on it, in ms. Budgets in
 * tests use it rather than the wall clock: other processes on a busy machine stretch only the latter.
 */
export function withCpuMs<T>(fn: () => T): [T, number] {
  const start = process.cpuUsage();
  const out = fn();
  const used = process.cpuUsage(start);
  return [out, (used.user + used.system) / 1000];
}

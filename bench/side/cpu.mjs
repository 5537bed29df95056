// The app process's CPU time (user + system, every thread: PGlite's worker too) since the last
// reset: what a burst cost the process, beside its latency. The database server's own CPU
// (PostgreSQL) is not in it.
export function cpuMeter() {
  let from = process.cpuUsage();
  return {
    reset() {
      from = process.cpuUsage();
    },
    ms() {
      const used = process.cpuUsage(from);
      return (used.user + used.system) / 1000;
    },
  };
}

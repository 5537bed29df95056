// `npm run bench`: every benchmark in turn, printing figures (never asserting them).
// `npm run bench -- side [--quick] [--calibrate]`: the bot side by side with a bare Bolt app (bench/side/);
// --calibrate: the bare app against itself (the bench's noise).
// `npm run bench -- alerts`: alert posting throughput on PostgreSQL (bench/alerts.ts).
// `npm run bench -- startup`: the built command's start-up times (bench/startup.ts).
if (process.argv.includes('side')) {
  await import('./side/index.js');
} else if (process.argv.includes('alerts')) {
  await import('./alerts.js');
} else if (process.argv.includes('startup')) {
  await import('./startup.js');
} else {
  const { done } = await import('./dashboard.js');
  await done;
  await import('./latency.js');
  await import('./startup.js');
  await import('./storm.js');
  await import('./alerts.js');
}

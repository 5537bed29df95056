// `npm run bench`: every benchmark in turn, printing figures (never asserting them).
const { done } = await import('./dashboard.js');
await done;
await import('./latency.js');
await import('./startup.js');

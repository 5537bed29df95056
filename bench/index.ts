// `npm run bench`: every benchmark, printing figures (never asserting them).
await import('./latency.js');

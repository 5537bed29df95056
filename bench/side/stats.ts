export const percentile = (xs: number[], p: number) => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
};

export const ms = (x: number | undefined) => (x === undefined || Number.isNaN(x) ? '—' : x >= 1000 ? `${(x / 1000).toFixed(2)} s` : `${x.toFixed(x < 10 ? 1 : 0)} ms`);
export const ratio = (bot: number | undefined, bare: number | undefined) =>
  bot === undefined || bare === undefined || Number.isNaN(bot) || Number.isNaN(bare) || bare <= 0 ? '' : ` (${(bot / bare).toFixed(1)}×)`;

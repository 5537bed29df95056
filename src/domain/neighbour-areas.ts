/**
 * Neighbouring wards, used to fill the 全店NG A 候補 when the reservation's own area has fewer
 * than five unregistered shops. A small static table of the central Tokyo wards around the
 * service area (the seed data is in 渋谷区), keyed and valued without the trailing 区, nearest
 * first. An area not in the table has no neighbours (no fill).
 */
const NEIGHBOURS: Readonly<Record<string, readonly string[]>> = {
  渋谷: ['港', '新宿', '目黒', '世田谷', '中野'],
  港: ['渋谷', '千代田', '中央', '品川', '新宿'],
  新宿: ['渋谷', '千代田', '港', '中野', '豊島', '文京'],
  目黒: ['渋谷', '品川', '世田谷', '大田'],
  世田谷: ['渋谷', '目黒', '杉並', '大田'],
  品川: ['港', '目黒', '大田'],
  千代田: ['中央', '港', '新宿', '文京', '台東'],
  中央: ['千代田', '港', '台東', '江東'],
};

/** The wards next to `area` (e.g. 渋谷 or 渋谷区), without 区; [] when unknown. */
export function neighbourAreas(area: string): readonly string[] {
  return NEIGHBOURS[area.trim().replace(/区$/, '')] ?? [];
}

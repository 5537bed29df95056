import { Resvg } from '@resvg/resvg-js';

/** Renders an SVG to PNG on the server (resvg, system fonts; DejaVu Sans when none is named). */
export function renderPng(svg: string): Buffer {
  const resvg = new Resvg(svg, { font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' }, background: '#ffffff' });
  return Buffer.from(resvg.render().asPng());
}

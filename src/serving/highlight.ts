import { type Shape, toPolygon } from '../../libs/geometry/index.js';

/** Where image pixel (x, y) lands in a variant: (x·scaleX + offsetX, y·scaleY + offsetY). */
export interface Placement {
  scaleX: number;
  scaleY: number;
  offsetX: number;
  offsetY: number;
}

/**
 * The mapping of a resize of `source` into `output` by sharp's fits: `fill` stretches; `cover` scales to fill
 * and crops the centre; `contain` scales to fit and letterboxes centred. (`inside` and `outside` are rendered
 * as `fill` to their exact size, see libs/imaging variantBox.)
 */
export function placement(source: { width: number; height: number }, output: { width: number; height: number }, fit: 'fill' | 'cover' | 'contain'): Placement {
  const sx = output.width / source.width;
  const sy = output.height / source.height;
  if (fit === 'fill') return { scaleX: sx, scaleY: sy, offsetX: 0, offsetY: 0 };
  const s = fit === 'cover' ? Math.max(sx, sy) : Math.min(sx, sy);
  return { scaleX: s, scaleY: s, offsetX: (output.width - source.width * s) / 2, offsetY: (output.height - source.height * s) / 2 };
}

export const HIGHLIGHT_COLOR = '#ff00ff';

const num = (v: number) => String(Math.round(v * 100) / 100);

/**
 * An SVG of the output's size with each shape's outline: a dark halo under a bright stroke, so the line shows
 * on light and dark pictures alike. The caller composites it over the variant.
 */
export function outlineSvg(shapes: readonly Shape[], place: Placement, output: { width: number; height: number }, color = HIGHLIGHT_COLOR): string {
  const stroke = Math.max(2, Math.round(Math.min(output.width, output.height) / 200));
  const outlines = shapes.map((shape) => {
    const points = toPolygon(shape).points.map(([x, y]) => `${num(x * place.scaleX + place.offsetX)},${num(y * place.scaleY + place.offsetY)}`).join(' ');
    return (
      `<polygon points="${points}" fill="none" stroke="#000000" stroke-opacity="0.6" stroke-width="${stroke + 2}" stroke-linejoin="round"/>` +
      `<polygon points="${points}" fill="none" stroke="${color}" stroke-width="${stroke}" stroke-linejoin="round"/>`
    );
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${output.width}" height="${output.height}" viewBox="0 0 ${output.width} ${output.height}">${outlines.join('')}</svg>`;
}

import { outlineSvg, placement } from './highlight.js';

describe('placement', () => {
  it('stretches for fill', () => {
    expect(placement({ width: 200, height: 100 }, { width: 100, height: 100 }, 'fill')).toEqual({ scaleX: 0.5, scaleY: 1, offsetX: 0, offsetY: 0 });
  });

  it('crops the centre for cover', () => {
    // 200×100 into 100×100: scaled by 1 (height fills), 50 px cut off each side.
    expect(placement({ width: 200, height: 100 }, { width: 100, height: 100 }, 'cover')).toEqual({ scaleX: 1, scaleY: 1, offsetX: -50, offsetY: 0 });
  });

  it('letterboxes centred for contain', () => {
    expect(placement({ width: 200, height: 100 }, { width: 100, height: 100 }, 'contain')).toEqual({ scaleX: 0.5, scaleY: 0.5, offsetX: 0, offsetY: 25 });
  });
});

describe('outlineSvg', () => {
  it('draws each shape as a closed outline in output pixels', () => {
    const svg = outlineSvg(
      [
        { type: 'rect', x: 10, y: 20, width: 30, height: 40 },
        { type: 'polygon', points: [[0, 0], [10, 0], [5, 8]] },
      ],
      { scaleX: 2, scaleY: 2, offsetX: 1, offsetY: 0 },
      { width: 400, height: 300 },
    );
    expect(svg).toMatch(/^<svg [^>]*width="400" height="300"/);
    expect(svg).toContain('points="21,40 81,40 81,120 21,120"');
    expect(svg).toContain('points="1,0 21,0 11,16"');
    expect(svg.match(/<polygon /g)).toHaveLength(4); // halo + stroke per shape
  });

  it('turns ellipses into many-sided outlines and widens the stroke on large outputs', () => {
    const svg = outlineSvg([{ type: 'ellipse', cx: 50, cy: 50, rx: 20, ry: 10 }], { scaleX: 1, scaleY: 1, offsetX: 0, offsetY: 0 }, { width: 2000, height: 1000 });
    const points = /points="([^"]+)"/.exec(svg)![1]!.split(' ');
    expect(points.length).toBeGreaterThan(60);
    expect(svg).toContain('stroke-width="5"');
  });
});

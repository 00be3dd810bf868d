// The annotate page's pure helpers are browser modules (web/app/lib, plain JS with no build step); Jest loads
// them as they are served. A computed specifier keeps TypeScript from looking for their types.
const lib = (name: string) => `../../web/app/lib/${name}.js`;
const geometry = await import(lib('geometry'));
const history = await import(lib('history'));

const size = { width: 400, height: 200 };
// The canvas shows the 400×200 image at half size, scrolled so that it starts at (50, 30) on screen.
const box = { left: 50, top: 30, width: 200, height: 100 };

describe('annotate geometry', () => {
  it('maps screen points to image pixels and back, at any scale', () => {
    expect(geometry.toImage({ x: 150, y: 80 }, box, size)).toEqual({ x: 200, y: 100 });
    expect(geometry.toScreen({ x: 200, y: 100 }, box, size)).toEqual({ x: 150, y: 80 });
    const p = geometry.toImage({ x: 83.3, y: 41.7 }, box, size);
    const back = geometry.toScreen(p, box, size);
    expect(back.x).toBeCloseTo(83.3, 1);
    expect(back.y).toBeCloseTo(41.7, 1);
  });

  it('keeps points inside the image', () => {
    expect(geometry.toImage({ x: 0, y: 500 }, box, size)).toEqual({ x: 0, y: 200 });
  });

  it('spans a rectangle whichever way it is dragged', () => {
    expect(geometry.rectFrom({ x: 30, y: 40 }, { x: 10, y: 5 })).toEqual({ type: 'rect', x: 10, y: 5, width: 20, height: 35 });
  });

  it('finds the topmost shape and the handle under a point', () => {
    const shapes = [
      { type: 'rect', x: 0, y: 0, width: 100, height: 100 },
      { type: 'polygon', points: [[50, 50], [150, 50], [100, 150]] },
    ];
    expect(geometry.shapeAt(shapes, { x: 60, y: 60 })).toBe(1);
    expect(geometry.shapeAt(shapes, { x: 10, y: 90 })).toBe(0);
    expect(geometry.shapeAt(shapes, { x: 300, y: 10 })).toBe(-1);
    expect(geometry.handleAt(shapes[0], { x: 98, y: 103 }, 5)).toBe(2);
    expect(geometry.handleAt(shapes[1], { x: 100, y: 140 }, 5)).toBe(-1);
  });

  it('moves shapes but stops them at the image edge', () => {
    const rect = { type: 'rect', x: 350, y: 10, width: 40, height: 20 };
    expect(geometry.moveShape(rect, 30, -50, size)).toEqual({ ...rect, x: 360, y: 0 });
    const poly = { type: 'polygon', points: [[0, 0], [10, 0], [5, 5]] };
    expect(geometry.moveShape(poly, -5, 3, size).points).toEqual([[0, 3], [10, 3], [5, 8]]);
  });

  it('drags a corner with the opposite one fixed, and a polygon point alone', () => {
    const rect = { type: 'rect', x: 10, y: 10, width: 20, height: 20 };
    expect(geometry.dragHandle(rect, 2, { x: 50, y: 60 })).toEqual({ type: 'rect', x: 10, y: 10, width: 40, height: 50 });
    expect(geometry.dragHandle(rect, 2, { x: 0, y: 0 })).toEqual({ type: 'rect', x: 0, y: 0, width: 10, height: 10 });
    const poly = { type: 'polygon', points: [[0, 0], [10, 0], [5, 5]] };
    expect(geometry.dragHandle(poly, 1, { x: 20, y: 1 }).points).toEqual([[0, 0], [20, 1], [5, 5]]);
  });

  it('resizes a rectangle within the image and never below 1 px', () => {
    const rect = { type: 'rect', x: 390, y: 0, width: 5, height: 5 };
    expect(geometry.resizeRect(rect, 50, -20, size)).toEqual({ ...rect, width: 10, height: 1 });
  });

  it('steps through the zoom levels and fits wide images', () => {
    expect(geometry.stepZoom(1, 1)).toBe(1.5);
    expect(geometry.stepZoom(1, -1)).toBe(0.75);
    expect(geometry.stepZoom(4, 1)).toBe(4);
    expect(geometry.stepZoom(0.5, -1)).toBe(0.5);
    expect(geometry.scaleFor(1000, 500, 1)).toBe(0.5);
    expect(geometry.scaleFor(300, 500, 2)).toBe(2);
  });
});

describe('annotate undo history', () => {
  it('undoes and redoes edits; a new edit drops what was undone', () => {
    let h = history.createHistory([]);
    expect(history.canUndo(h)).toBe(false);
    h = history.record(h, ['a']);
    h = history.record(h, ['a', 'b']);
    h = history.undo(h);
    expect(h.present).toEqual(['a']);
    expect(history.canRedo(h)).toBe(true);
    h = history.redo(h);
    expect(h.present).toEqual(['a', 'b']);
    h = history.undo(history.undo(h));
    expect(h.present).toEqual([]);
    expect(history.undo(h)).toBe(h);
    h = history.record(history.redo(h), ['c']);
    expect(h.present).toEqual(['c']);
    expect(history.canRedo(h)).toBe(false);
    expect(history.undo(h).present).toEqual(['a']);
  });

  it('records nothing when the state did not change', () => {
    const h = history.createHistory(['a']);
    expect(history.record(h, h.present)).toBe(h);
  });
});

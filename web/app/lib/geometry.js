// Pure geometry for the annotate page: where a pointer is in the image, and shape edits. Shapes are in
// image pixels, as the API stores them; the canvas shows the image at some scale.

const round = (v) => Math.round(v * 100) / 100;
const clamp = (v, lo, hi) => Math.min(hi, Math.max(lo, v));

/** A point on screen (clientX/Y) → image pixels, given the canvas' bounding box and the image size; kept inside the image. */
export function toImage(point, box, size) {
  const x = ((point.x - box.left) * size.width) / box.width;
  const y = ((point.y - box.top) * size.height) / box.height;
  return { x: round(clamp(x, 0, size.width)), y: round(clamp(y, 0, size.height)) };
}

/** Image pixels → a point on screen, the inverse of toImage. */
export function toScreen(point, box, size) {
  return { x: box.left + (point.x * box.width) / size.width, y: box.top + (point.y * box.height) / size.height };
}

/** The rectangle spanned by two corners, whichever way it was dragged. */
export function rectFrom(a, b) {
  return { type: 'rect', x: round(Math.min(a.x, b.x)), y: round(Math.min(a.y, b.y)), width: round(Math.abs(a.x - b.x)), height: round(Math.abs(a.y - b.y)) };
}

/** The corners of a rectangle (clockwise from top left), or a polygon's points: what a handle can grab. */
export function handles(shape) {
  if (shape.type === 'rect') {
    const { x, y, width: w, height: h } = shape;
    return [
      [x, y],
      [x + w, y],
      [x + w, y + h],
      [x, y + h],
    ];
  }
  return shape.points;
}

function insidePolygon(points, p) {
  let inside = false;
  for (let i = 0, j = points.length - 1; i < points.length; j = i++) {
    const [xi, yi] = points[i];
    const [xj, yj] = points[j];
    if (yi > p.y !== yj > p.y && p.x < ((xj - xi) * (p.y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

export function contains(shape, p) {
  if (shape.type === 'rect') return p.x >= shape.x && p.x <= shape.x + shape.width && p.y >= shape.y && p.y <= shape.y + shape.height;
  return insidePolygon(shape.points, p);
}

/** The index of the topmost shape under the point, or -1. */
export function shapeAt(shapes, p) {
  for (let i = shapes.length - 1; i >= 0; i--) if (contains(shapes[i], p)) return i;
  return -1;
}

/** The index of the handle within `tolerance` image pixels of the point, or -1. */
export function handleAt(shape, p, tolerance) {
  return handles(shape).findIndex(([x, y]) => Math.hypot(x - p.x, y - p.y) <= tolerance);
}

/** The shape moved by (dx, dy), stopped at the image's edges as a whole. */
export function moveShape(shape, dx, dy, size) {
  const [x0, y0, x1, y1] = bounds(shape);
  const mx = clamp(dx, -x0, size.width - x1);
  const my = clamp(dy, -y0, size.height - y1);
  if (shape.type === 'rect') return { ...shape, x: round(shape.x + mx), y: round(shape.y + my) };
  return { ...shape, points: shape.points.map(([x, y]) => [round(x + mx), round(y + my)]) };
}

/** The shape with handle `index` dragged to p (a rectangle's opposite corner stays put). */
export function dragHandle(shape, index, p) {
  if (shape.type === 'rect') {
    const [ox, oy] = handles(shape)[(index + 2) % 4];
    return rectFrom({ x: ox, y: oy }, p);
  }
  return { ...shape, points: shape.points.map((point, i) => (i === index ? [p.x, p.y] : point)) };
}

/** A rectangle grown (or shrunk) at its right and bottom edges, kept inside the image and at least 1 px. */
export function resizeRect(shape, dw, dh, size) {
  const width = clamp(shape.width + dw, 1, size.width - shape.x);
  const height = clamp(shape.height + dh, 1, size.height - shape.y);
  return { ...shape, width: round(width), height: round(height) };
}

/** [minX, minY, maxX, maxY] */
export function bounds(shape) {
  const points = handles(shape);
  const xs = points.map((p) => p[0]);
  const ys = points.map((p) => p[1]);
  return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
}

/** A box a quarter of the image's size in its middle: what the keyboard inserts. */
export function centredRect(size) {
  return { type: 'rect', x: round(size.width * 0.375), y: round(size.height * 0.375), width: round(size.width / 4), height: round(size.height / 4) };
}

export const ZOOMS = [0.5, 0.75, 1, 1.5, 2, 3, 4];

/** The next zoom step in or out (direction +1 / -1) from the current one. */
export function stepZoom(zoom, direction) {
  if (direction > 0) return ZOOMS.find((z) => z > zoom + 1e-9) ?? ZOOMS[ZOOMS.length - 1];
  return [...ZOOMS].reverse().find((z) => z < zoom - 1e-9) ?? ZOOMS[0];
}

/** The scale that fits an image of `width` pixels into `available` screen pixels (never enlarged), times the zoom. */
export function scaleFor(width, available, zoom) {
  return Math.min(1, available / width) * zoom;
}

/** A short description of a shape for the list beside the canvas (image pixels, rounded). */
export function describe(shape) {
  const r = Math.round;
  if (shape.type === 'rect') return { kind: 'rect', x: r(shape.x), y: r(shape.y), width: r(shape.width), height: r(shape.height) };
  return { kind: 'polygon', points: shape.points.length };
}

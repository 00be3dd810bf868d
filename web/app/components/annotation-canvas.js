import { useEffect, useRef, useState } from 'preact/hooks';
import { dragHandle, handleAt, handles, moveShape, rectFrom, scaleFor, shapeAt, toImage } from '../lib/geometry.js';
import { html } from '../lib/html.js';

const COLOURS = { shape: '#facc15', selected: '#22d3ee', draft: '#f472b6', shadow: 'rgba(0,0,0,0.75)' };
const HANDLE = 8; // screen pixels

function trace(ctx, shape) {
  ctx.beginPath();
  if (shape.type === 'rect') ctx.rect(shape.x, shape.y, shape.width, shape.height);
  else {
    shape.points.forEach(([x, y], i) => (i ? ctx.lineTo(x, y) : ctx.moveTo(x, y)));
    ctx.closePath();
  }
}

/** Outlines with a dark shadow line under them, so they show on light and dark photos alike. */
function stroke(ctx, scale, colour, dashed = false) {
  ctx.setLineDash(dashed ? [6 / scale, 4 / scale] : []);
  ctx.lineWidth = 4 / scale;
  ctx.strokeStyle = COLOURS.shadow;
  ctx.stroke();
  ctx.lineWidth = 2 / scale;
  ctx.strokeStyle = colour;
  ctx.stroke();
}

function paint(ctx, { image, size, scale, shapes, selected, draft, hover }) {
  const ratio = window.devicePixelRatio || 1;
  ctx.setTransform(ratio * scale, 0, 0, ratio * scale, 0, 0);
  ctx.clearRect(0, 0, size.width, size.height);
  if (image) ctx.drawImage(image, 0, 0, size.width, size.height);
  shapes.forEach((shape, i) => {
    trace(ctx, shape);
    stroke(ctx, scale, i === selected ? COLOURS.selected : COLOURS.shape);
  });
  const current = shapes[selected];
  if (current) {
    const half = HANDLE / 2 / scale;
    ctx.fillStyle = COLOURS.selected;
    for (const [x, y] of handles(current)) ctx.fillRect(x - half, y - half, 2 * half, 2 * half);
  }
  if (draft?.length) {
    ctx.beginPath();
    draft.forEach(([x, y], i) => (i ? ctx.lineTo(x, y) : ctx.moveTo(x, y)));
    if (hover) ctx.lineTo(hover.x, hover.y);
    stroke(ctx, scale, COLOURS.draft, true);
    ctx.fillStyle = COLOURS.draft;
    for (const [x, y] of draft) ctx.fillRect(x - 3 / scale, y - 3 / scale, 6 / scale, 6 / scale);
  }
}

/**
 * The image with its shapes on a canvas. Pointer gestures: the rectangle tool drags a box; the polygon tool
 * clicks points (the page closes it on a click on the first point); the select tool picks a shape, moves it, or drags a
 * corner or point. A gesture shows live and reaches the page once, when the pointer is released.
 */
export function AnnotationCanvas({ image, size, zoom, tool, shapes, selected, draft, label, describedBy, onChange, onSelect, onPoint, onClose }) {
  const wrap = useRef(null);
  const canvas = useRef(null);
  const gesture = useRef(null);
  const [available, setAvailable] = useState(800);
  const [live, setLive] = useState(null);
  const [hover, setHover] = useState(null);
  const scale = scaleFor(size.width, available, zoom);
  const width = Math.max(1, Math.round(size.width * scale));
  const height = Math.max(1, Math.round(size.height * scale));

  useEffect(() => {
    const observer = new ResizeObserver(([entry]) => setAvailable(Math.max(100, entry.contentRect.width)));
    observer.observe(wrap.current);
    return () => observer.disconnect();
  }, []);

  useEffect(() => {
    // Resizing reallocates the buffer: only when the size changes, not on every pointer move.
    const ratio = window.devicePixelRatio || 1;
    const [w, h] = [Math.round(width * ratio), Math.round(height * ratio)];
    if (canvas.current.width !== w) canvas.current.width = w;
    if (canvas.current.height !== h) canvas.current.height = h;
    paint(canvas.current.getContext('2d'), { image, size, scale, shapes: live ?? shapes, selected, draft, hover });
  });

  const at = (event) => toImage({ x: event.clientX, y: event.clientY }, canvas.current.getBoundingClientRect(), size);
  const tolerance = HANDLE / scale;

  function down(event) {
    if (event.button !== 0) return;
    canvas.current.focus();
    const p = at(event);
    if (tool === 'rect') {
      gesture.current = { kind: 'rect', start: p };
    } else if (tool === 'polygon') {
      onPoint(p, tolerance);
      return;
    } else {
      const handle = shapes[selected] ? handleAt(shapes[selected], p, tolerance) : -1;
      const index = handle >= 0 ? selected : shapeAt(shapes, p);
      onSelect(index);
      if (index < 0) return;
      gesture.current = { kind: handle >= 0 ? 'handle' : 'move', index, handle, start: p };
    }
    canvas.current.setPointerCapture(event.pointerId);
  }

  function preview(g, p) {
    if (g.kind === 'rect') return [...shapes, rectFrom(g.start, p)];
    const edited = g.kind === 'move' ? moveShape(shapes[g.index], p.x - g.start.x, p.y - g.start.y, size) : dragHandle(shapes[g.index], g.handle, p);
    return shapes.map((shape, i) => (i === g.index ? edited : shape));
  }

  function move(event) {
    const p = at(event);
    if (tool === 'polygon' && draft?.length) setHover(p);
    if (gesture.current) setLive(preview(gesture.current, p));
  }

  function up(event) {
    const g = gesture.current;
    if (!g) return;
    gesture.current = null;
    const next = preview(g, at(event));
    setLive(null);
    if (g.kind === 'rect') {
      const box = next[next.length - 1];
      // A click, not a drag: no box.
      if (box.width * scale < 3 || box.height * scale < 3) return;
      onChange(next, next.length - 1);
    } else if (next[g.index] !== shapes[g.index]) onChange(next, g.index);
  }

  return html`<div class="canvas-wrap" ref=${wrap}>
    <canvas
      ref=${canvas}
      class=${`annotate-canvas tool-${tool}`}
      style=${{ width: `${width}px`, height: `${height}px` }}
      tabindex="0"
      role="application"
      aria-label=${label}
      aria-describedby=${describedBy}
      data-scale=${scale}
      onPointerDown=${down}
      onPointerMove=${move}
      onPointerUp=${up}
      onPointerCancel=${() => {
        gesture.current = null;
        setLive(null);
      }}
      onDblClick=${() => tool === 'polygon' && draft?.length >= 3 && onClose()}
    ></canvas>
  </div>`;
}

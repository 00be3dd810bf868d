import { useState } from 'preact/hooks';
import { centredRect, moveShape, resizeRect, stepZoom } from './geometry.js';
import { createHistory, record, redo, undo } from './history.js';
import { announce, useLiveState } from './hooks.js';
import { t } from './i18n.js';

/**
 * The annotate page's drawing state: shapes with their undo history, the selection, the polygon being
 * clicked, the tool and the zoom, and every edit. Edits read the live refs, since keys and clicks may come
 * faster than renders. `onEdit` runs after each edit (the page clears its last message).
 */
export function useShapeEditor(size, onEdit) {
  const [history, setHistory, historyNow] = useLiveState(createHistory([]));
  const [selected, setSelected, selectedNow] = useLiveState(-1);
  const [draft, setDraft, draftNow] = useLiveState(null);
  const [tool, setTool] = useState('rect');
  const [zoom, setZoom] = useState(1);
  const shapesNow = () => historyNow.current.present;

  function change(next, select = selectedNow.current) {
    setHistory((h) => record(h, next));
    setSelected(select);
    onEdit();
  }

  function closePolygon() {
    // A double click lands two clicks on one spot: drop repeated points.
    const points = (draftNow.current ?? []).filter((p, i, all) => i === 0 || p[0] !== all[i - 1][0] || p[1] !== all[i - 1][1]);
    setDraft(null);
    if (points.length < 3) return;
    change([...shapesNow(), { type: 'polygon', points }], shapesNow().length);
    announce(t('annotate.added'));
  }

  const remove = () => selectedNow.current >= 0 && change(shapesNow().filter((_, i) => i !== selectedNow.current), -1);

  const step = (fn) => () => {
    setHistory(fn);
    setSelected(-1);
    onEdit();
  };

  return {
    history,
    shapes: history.present,
    selected,
    draft,
    tool,
    zoom,
    drafting: () => Boolean(draftNow.current),
    shapesNow,
    setSelected,
    change,
    closePolygon,
    undo: step(undo),
    redo: step(redo),
    reset(shapes) {
      setHistory(createHistory(shapes));
      setSelected(-1);
      setDraft(null);
    },
    /** A polygon point; a click on the first point (of three or more) closes the polygon. */
    addPoint(p, tolerance) {
      const points = draftNow.current ?? [];
      const first = points[0];
      if (points.length >= 3 && Math.hypot(first[0] - p.x, first[1] - p.y) <= tolerance) closePolygon();
      else setDraft([...points, [p.x, p.y]]);
    },
    remove,
    insert: () => change([...shapesNow(), centredRect(size)], shapesNow().length),
    /** Arrow keys: move the selected shape by 1 px (Shift: 10), or with Alt resize a box. False when nothing is selected. */
    nudge([dx, dy], { shiftKey, altKey }) {
      const shapes = shapesNow();
      const shape = shapes[selectedNow.current];
      if (!shape) return false;
      const by = shiftKey ? 10 : 1;
      const edited = altKey && shape.type === 'rect' ? resizeRect(shape, dx * by, dy * by, size) : moveShape(shape, dx * by, dy * by, size);
      change(shapes.map((s, i) => (i === selectedNow.current ? edited : s)));
      return true;
    },
    /** Backspace: the polygon's last point, else the selected shape. */
    back: () => (draftNow.current ? setDraft((d) => (d.length > 1 ? d.slice(0, -1) : null)) : remove()),
    /** Escape: the polygon being drawn, else the selection. */
    cancel: () => (draftNow.current ? setDraft(null) : setSelected(-1)),
    pickTool(name) {
      setTool(name);
      if (name !== 'polygon') setDraft(null);
    },
    zoomBy: (direction) => setZoom((z) => stepZoom(z, direction)),
  };
}

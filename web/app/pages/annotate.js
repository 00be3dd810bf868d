import { useEffect, useState } from 'preact/hooks';
import { AnnotateStatus } from '../components/annotate-status.js';
import { AnnotateToolbar, ShapeList } from '../components/annotate-tools.js';
import { AnnotationCanvas } from '../components/annotation-canvas.js';
import { loadImage, loadWork, saveShapes, skipTask } from '../lib/annotate-task.js';
import { centredRect, moveShape, resizeRect, stepZoom } from '../lib/geometry.js';
import { canRedo, canUndo, createHistory, record, redo, undo } from '../lib/history.js';
import { html } from '../lib/html.js';
import { announce, errorText, useLiveState, useTitle } from '../lib/hooks.js';
import { t } from '../lib/i18n.js';
import { onShortcut } from '../lib/shortcuts.js';

const ARROWS = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };

export default function Annotate() {
  useTitle(t('annotate.title'));
  // Handlers read the live refs: keys and clicks may come faster than renders.
  const [work, setWork, workNow] = useLiveState(undefined); // undefined: loading; null: nothing left
  const [image, setImage] = useState(null);
  const [history, setHistory, historyNow] = useLiveState(createHistory([]));
  const [selected, setSelected, selectedNow] = useLiveState(-1);
  const [tool, setTool] = useState('rect');
  const [zoom, setZoom] = useState(1);
  const [draft, setDraft, draftNow] = useLiveState(null);
  const [status, setStatus] = useState(null);
  const [busy, setBusy, busyNow] = useLiveState(false);
  const shapes = history.present;
  const shapesNow = () => historyNow.current.present;
  const size = work ? { width: work.task.width, height: work.task.height } : null;

  async function load() {
    setWork(undefined);
    setStatus(null);
    try {
      const next = await loadWork(new URLSearchParams(location.search));
      if (next) setImage(await loadImage(next.task.imageUrl));
      setHistory(createHistory(next?.shapes ?? []));
      setSelected(-1);
      setDraft(null);
      setWork(next);
    } catch (err) {
      setWork(null);
      setStatus({ kind: 'error', text: errorText(err) });
    }
  }
  useEffect(() => void load(), []);

  function change(next, select = selectedNow.current) {
    setHistory((h) => record(h, next));
    setSelected(select);
    setStatus(null);
  }

  function closePolygon() {
    // A double click lands two clicks on one spot: drop repeated points.
    const points = (draftNow.current ?? []).filter((p, i, all) => i === 0 || p[0] !== all[i - 1][0] || p[1] !== all[i - 1][1]);
    setDraft(null);
    if (points.length < 3) return;
    change([...shapesNow(), { type: 'polygon', points }], shapesNow().length);
    announce(t('annotate.added'));
  }

  const step = (fn) => () => {
    setHistory(fn);
    setSelected(-1);
    setStatus(null);
  };
  function addPoint(p, tolerance) {
    const points = draftNow.current ?? [];
    const first = points[0];
    if (points.length >= 3 && Math.hypot(first[0] - p.x, first[1] - p.y) <= tolerance) closePolygon();
    else setDraft([...points, [p.x, p.y]]);
  }

  const remove = () => selectedNow.current >= 0 && change(shapesNow().filter((_, i) => i !== selectedNow.current), -1);
  const zoomBy = (direction) => setZoom((z) => stepZoom(z, direction));
  const insert = () => change([...shapesNow(), centredRect(size)], shapesNow().length);
  const pickTool = (name) => {
    setTool(name);
    if (name !== 'polygon') setDraft(null);
  };

  async function submit() {
    const work = workNow.current;
    if (!work || busyNow.current) return;
    if (draftNow.current) return closePolygon();
    const shapes = shapesNow();
    if (!shapes.length) return setStatus({ kind: 'error', text: t('annotate.empty') });
    setBusy(true);
    try {
      const saved = await saveShapes(work.task, work.annotation, shapes);
      setWork({ ...work, annotation: { id: saved.id, revision: saved.revision } });
      setStatus({ kind: 'saved', revision: saved.revision });
      announce(t('annotate.saved', { revision: saved.revision }));
    } catch (err) {
      if (err.status === 422 && err.body?.violations) {
        setStatus({ kind: 'invalid', violations: err.body.violations });
        setSelected(err.body.violations[0].shapeIndex);
      } else if (err.status === 409 && err.body?.annotationId && !work.annotation) {
        // We drew this pair before (another tab): carry on as a revision of that drawing.
        setWork({ ...work, annotation: { id: err.body.annotationId, revision: err.body.currentRevision } });
        setStatus({ kind: 'conflict', text: errorText(err) });
      } else if (err.status === 409) setStatus({ kind: 'conflict', text: errorText(err), current: err.body?.current });
      else setStatus({ kind: 'error', text: errorText(err) });
    }
    setBusy(false);
  }

  function loadCurrent() {
    const current = status.current;
    setWork({ ...work, annotation: { id: current.id, revision: current.revision } });
    change(current.shapes, -1);
  }

  async function answer(kind) {
    try {
      await skipTask(work.task, kind);
      await load();
    } catch (err) {
      setStatus({ kind: 'error', text: errorText(err) });
    }
  }

  function nudge([dx, dy], event) {
    const shapes = shapesNow();
    const selected = selectedNow.current;
    const shape = shapes[selected];
    if (!shape) return false;
    const by = event.shiftKey ? 10 : 1;
    const edited = event.altKey && shape.type === 'rect' ? resizeRect(shape, dx * by, dy * by, size) : moveShape(shape, dx * by, dy * by, size);
    change(shapes.map((s, i) => (i === selected ? edited : s)));
    return true;
  }

  useEffect(() =>
    onShortcut((key, event) => {
      if (!workNow.current) return false;
      if (event.ctrlKey || event.metaKey) {
        const action = { z: event.shiftKey ? redo : undo, y: redo }[key];
        if (action) step(action)();
        return Boolean(action);
      }
      if (ARROWS[event.key]) return nudge(ARROWS[event.key], event);
      const actions = {
        r: () => pickTool('rect'),
        p: () => pickTool('polygon'),
        v: () => pickTool('select'),
        i: insert,
        '+': () => zoomBy(1),
        '=': () => zoomBy(1),
        '-': () => zoomBy(-1),
        delete: remove,
        backspace: () => (draftNow.current ? setDraft((d) => (d.length > 1 ? d.slice(0, -1) : null)) : remove()),
        escape: () => (draftNow.current ? setDraft(null) : setSelected(-1)),
        enter: submit,
      };
      if (!actions[key]) return false;
      actions[key]();
      return true;
    }),
  );

  if (work === undefined) return html`<h1>${t('annotate.heading')}</h1><p>${t('common.loading')}</p>`;
  if (!work) {
    return html`<h1>${t('annotate.heading')}</h1>
      <${AnnotateStatus} status=${status} />
      ${!status && html`<p class="empty" data-testid="annotate-empty">${t('annotate.none')} <a href="/validate">${t('annotate.meanwhile')}</a></p>`}`;
  }
  const { task } = work;
  const instruction = task.parentDisplay ? t('annotate.instructionPart', { label: task.display, parent: task.parentDisplay }) : t('annotate.instruction', { label: task.display });
  const invalid = new Set(status?.kind === 'invalid' ? status.violations.map((v) => v.shapeIndex) : []);
  return html`
    <h1>${t('annotate.heading')}</h1>
    <p class="lead" id="annotate-instruction" data-pair=${task.pairId}>${instruction}</p>
    <${AnnotateToolbar}
      tool=${tool}
      zoom=${zoom}
      canUndo=${canUndo(history)}
      canRedo=${canRedo(history)}
      hasSelection=${selected >= 0}
      onTool=${pickTool}
      onZoom=${zoomBy}
      onUndo=${step(undo)}
      onRedo=${step(redo)}
      onDelete=${remove}
      onInsert=${insert}
    />
    <${AnnotationCanvas}
      image=${image}
      size=${size}
      zoom=${zoom}
      tool=${tool}
      shapes=${shapes}
      selected=${selected}
      draft=${draft}
      label=${instruction}
      describedBy="annotate-keys"
      onChange=${change}
      onSelect=${setSelected}
      onPoint=${addPoint}
      onClose=${closePolygon}
    />
    ${draft && html`<p class="hint" role="status">${t('annotate.drafting', { count: draft.length })}</p>`}
    <div class="annotate-side">
      <${ShapeList} shapes=${shapes} selected=${selected} invalid=${invalid} onSelect=${setSelected} />
      <${AnnotateStatus} status=${status} onLoadCurrent=${loadCurrent} onNext=${load} />
      <div class="actions">
        <button type="button" class="primary" onClick=${submit} disabled=${busy} aria-keyshortcuts="Enter">${work.annotation ? t('annotate.saveRevision') : t('annotate.submit')}</button>
        ${!work.annotation &&
        html`<button type="button" onClick=${() => answer('skip')}>${t('annotate.skip')}</button>
          <button type="button" onClick=${() => answer('not-annotatable')}>${t('annotate.notAnnotatable')}</button>`}
      </div>
      <p class="hint" id="annotate-keys">${t('annotate.keys')}</p>
    </div>
  `;
}

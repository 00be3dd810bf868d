import { useEffect, useState } from 'preact/hooks';
import { AnnotateStatus } from '../components/annotate-status.js';
import { AnnotateToolbar, ShapeList } from '../components/annotate-tools.js';
import { AnnotationCanvas } from '../components/annotation-canvas.js';
import { loadImage, loadWork, saveShapes, skipTask } from '../lib/annotate-task.js';
import { canRedo, canUndo } from '../lib/history.js';
import { html } from '../lib/html.js';
import { announce, errorText, useLiveState, useTitle } from '../lib/hooks.js';
import { t } from '../lib/i18n.js';
import { useShapeEditor } from '../lib/shape-editor.js';
import { onShortcut } from '../lib/shortcuts.js';

const ARROWS = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };

export default function Annotate() {
  useTitle(t('annotate.title'));
  const [work, setWork, workNow] = useLiveState(undefined); // undefined: loading; null: nothing left
  const [image, setImage] = useState(null);
  const [status, setStatus] = useState(null);
  const [busy, setBusy, busyNow] = useLiveState(false);
  const size = work ? { width: work.task.width, height: work.task.height } : null;
  const editor = useShapeEditor(size, () => setStatus(null));

  async function load() {
    setWork(undefined);
    setStatus(null);
    try {
      const next = await loadWork(new URLSearchParams(location.search));
      if (next) setImage(await loadImage(next.task.imageUrl));
      editor.reset(next?.shapes ?? []);
      setWork(next);
    } catch (err) {
      setWork(null);
      setStatus({ kind: 'error', text: errorText(err) });
    }
  }
  useEffect(() => void load(), []);

  async function submit() {
    const work = workNow.current;
    if (!work || busyNow.current) return;
    if (editor.drafting()) return editor.closePolygon();
    const shapes = editor.shapesNow();
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
        editor.setSelected(err.body.violations[0].shapeIndex);
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
    editor.change(current.shapes, -1);
  }

  async function answer(kind) {
    try {
      await skipTask(work.task, kind);
      await load();
    } catch (err) {
      setStatus({ kind: 'error', text: errorText(err) });
    }
  }

  useEffect(() =>
    onShortcut((key, event) => {
      if (!workNow.current) return false;
      if (event.ctrlKey || event.metaKey) {
        const action = { z: event.shiftKey ? editor.redo : editor.undo, y: editor.redo }[key];
        action?.();
        return Boolean(action);
      }
      if (ARROWS[event.key]) return editor.nudge(ARROWS[event.key], event);
      const actions = {
        r: () => editor.pickTool('rect'),
        p: () => editor.pickTool('polygon'),
        v: () => editor.pickTool('select'),
        i: editor.insert,
        '+': () => editor.zoomBy(1),
        '=': () => editor.zoomBy(1),
        '-': () => editor.zoomBy(-1),
        delete: editor.remove,
        backspace: editor.back,
        escape: editor.cancel,
        enter: submit,
      };
      actions[key]?.();
      return Boolean(actions[key]);
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
      tool=${editor.tool}
      zoom=${editor.zoom}
      canUndo=${canUndo(editor.history)}
      canRedo=${canRedo(editor.history)}
      hasSelection=${editor.selected >= 0}
      onTool=${editor.pickTool}
      onZoom=${editor.zoomBy}
      onUndo=${editor.undo}
      onRedo=${editor.redo}
      onDelete=${editor.remove}
      onInsert=${editor.insert}
    />
    <${AnnotationCanvas}
      image=${image}
      size=${size}
      zoom=${editor.zoom}
      tool=${editor.tool}
      shapes=${editor.shapes}
      selected=${editor.selected}
      draft=${editor.draft}
      label=${instruction}
      describedBy="annotate-keys"
      onChange=${editor.change}
      onSelect=${editor.setSelected}
      onPoint=${editor.addPoint}
      onClose=${editor.closePolygon}
    />
    ${editor.draft && html`<p class="hint" role="status">${t('annotate.drafting', { count: editor.draft.length })}</p>`}
    <div class="annotate-side">
      <${ShapeList} shapes=${editor.shapes} selected=${editor.selected} invalid=${invalid} onSelect=${editor.setSelected} />
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

import { describe } from '../lib/geometry.js';
import { html } from '../lib/html.js';
import { formatPercent, t } from '../lib/i18n.js';

const TOOLS = [
  ['select', 'V'],
  ['rect', 'R'],
  ['polygon', 'P'],
];

/** Tool choice, zoom, undo/redo and delete: every one also on a key, named in aria-keyshortcuts. */
export function AnnotateToolbar({ tool, zoom, canUndo, canRedo, hasSelection, onTool, onZoom, onUndo, onRedo, onDelete, onInsert }) {
  // Plain groups of buttons, not an ARIA toolbar: the arrow keys move the selected shape, not the focus.
  return html`<div class="toolbar" role="group" aria-label=${t('annotate.tools')}>
    <div class="tool-group" role="group" aria-label=${t('annotate.tool')}>
      ${TOOLS.map(
        ([name, key]) =>
          html`<button type="button" aria-pressed=${tool === name ? 'true' : 'false'} aria-keyshortcuts=${key} data-tool=${name} onClick=${() => onTool(name)}>
            ${t(`annotate.tool.${name}`)} <kbd>${key}</kbd>
          </button>`,
      )}
    </div>
    <button type="button" onClick=${onInsert} aria-keyshortcuts="I">${t('annotate.insert')} <kbd>I</kbd></button>
    <div class="tool-group">
      <button type="button" onClick=${() => onZoom(-1)} aria-keyshortcuts="-" aria-label=${t('annotate.zoomOut')}>−</button>
      <output class="zoom" aria-live="polite" aria-label=${t('annotate.zoom')}>${formatPercent(zoom)}</output>
      <button type="button" onClick=${() => onZoom(1)} aria-keyshortcuts="+" aria-label=${t('annotate.zoomIn')}>+</button>
    </div>
    <button type="button" onClick=${onUndo} disabled=${!canUndo} aria-keyshortcuts="Control+Z">${t('annotate.undo')}</button>
    <button type="button" onClick=${onRedo} disabled=${!canRedo} aria-keyshortcuts="Control+Y">${t('annotate.redo')}</button>
    <button type="button" class="danger" onClick=${onDelete} disabled=${!hasSelection} aria-keyshortcuts="Delete">${t('annotate.delete')}</button>
  </div>`;
}

function summary(shape) {
  const d = describe(shape);
  return d.kind === 'rect' ? t('annotate.shape.rect', d) : t('annotate.shape.polygon', { count: d.points });
}

/** The shapes as a list: a way to pick one without a pointer, and what a screen reader can read. */
export function ShapeList({ shapes, selected, invalid, onSelect }) {
  if (!shapes.length) return html`<p class="hint" data-testid="no-shapes">${t('annotate.noShapes')}</p>`;
  return html`<ol class="shape-list" aria-label=${t('annotate.shapes')}>
    ${shapes.map(
      (shape, i) => html`<li data-shape=${i} class=${invalid.has(i) ? 'invalid' : ''}>
        <button type="button" aria-pressed=${selected === i ? 'true' : 'false'} onClick=${() => onSelect(i)}>${t('annotate.shapeN', { n: i + 1 })}</button>
        <span class="mono">${summary(shape)}</span>
      </li>`,
    )}
  </ol>`;
}

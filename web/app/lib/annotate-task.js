import { api, query } from './api.js';
import { withLabelNames } from './i18n.js';

/**
 * What to draw: a drawing to revise (?annotation=<id>), else the next task the server offers (?label= narrows
 * it); null when nothing is left. Shapes and revision are those of the drawing, or none yet.
 */
export async function loadWork(params) {
  const id = params.get('annotation');
  if (id) {
    const annotation = await api(`/api/annotations/${encodeURIComponent(id)}`);
    const image = await api(`/api/images/${annotation.imageId}`);
    const task = { pairId: annotation.pairId, imageId: annotation.imageId, label: annotation.label, parent: annotation.parent, imageUrl: image.rawUrl, width: image.width, height: image.height };
    return { task: await withLabelNames(task), annotation: { id: annotation.id, revision: annotation.revision }, shapes: annotation.shapes };
  }
  const task = await api(`/api/annotation/next${query({ label: params.get('label') })}`);
  return task ? { task: await withLabelNames(task), annotation: null, shapes: [] } : null;
}

/** Saves the shapes: the first drawing of the pair, or a revision of the one being edited. */
export function saveShapes(task, annotation, shapes) {
  if (!annotation) return api(`/api/images/${task.imageId}/annotations`, { method: 'POST', json: { pairId: task.pairId, shapes } });
  return api(`/api/annotations/${annotation.id}`, { method: 'PUT', json: { revision: annotation.revision, shapes } });
}

export const skipTask = (task, answer) => api(`/api/annotation/pairs/${task.pairId}/${answer}`, { method: 'POST' });

/** Loads an image for the canvas; resolves once it can be drawn. */
export function loadImage(src) {
  return new Promise((resolve, reject) => {
    const image = new Image();
    image.addEventListener('load', () => resolve(image));
    image.addEventListener('error', () => reject(new Error(src)));
    image.src = src;
  });
}

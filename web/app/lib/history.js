// An undo stack of immutable states: { past, present, future }. Each function returns a new stack.
const LIMIT = 200;

export function createHistory(present) {
  return { past: [], present, future: [] };
}

/** A new state after an edit: it can be undone; whatever was undone before is gone. Unchanged states are not recorded. */
export function record(history, present) {
  if (present === history.present) return history;
  return { past: [...history.past, history.present].slice(-LIMIT), present, future: [] };
}

export function undo(history) {
  if (!history.past.length) return history;
  return { past: history.past.slice(0, -1), present: history.past[history.past.length - 1], future: [history.present, ...history.future] };
}

export function redo(history) {
  if (!history.future.length) return history;
  return { past: [...history.past, history.present], present: history.future[0], future: history.future.slice(1) };
}

export const canUndo = (history) => history.past.length > 0;
export const canRedo = (history) => history.future.length > 0;

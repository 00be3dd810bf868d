/**
 * Nest's start-up inventory: a line per module, controller and route (~150 at every start), which buried the
 * lines an operator reads. Logged at debug instead (`logging.level: debug` shows them again).
 */
const CHATTY_CONTEXTS = new Set(['InstanceLoader', 'RoutesResolver', 'RouterExplorer']);

/** Whether a Nest `log()` call (message, ...params, context last) is start-up inventory. */
export function isFrameworkChatter(params: unknown[]): boolean {
  const context = params[params.length - 1];
  return typeof context === 'string' && CHATTY_CONTEXTS.has(context);
}

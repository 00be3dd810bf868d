/** Bodies larger than this always go to a temp file (a ShareX screenshot is ~0.1–3 MB). */
export const IN_MEMORY_FILE_MAX = 8 * 1024 ** 2;

/**
 * How many bytes of upload bodies this process holds in memory at once (`uploads.inMemoryBytes`). A body
 * received in memory skips the temp file's writes, its read back and its unlink; past the budget, or without
 * a declared Content-Length, bodies stream to disk as before, so a burst of uploads cannot exhaust memory.
 * Node's HTTP parser ends a body at its Content-Length, so none holds more than it reserved; while multer
 * joins the chunks a body briefly takes twice its size. A slow sender keeps its reservation until it is done
 * or times out: later bodies then go to disk, as they all did before.
 */
export class IntakeBudget {
  private held = 0;

  constructor(private readonly limit: number) {}

  /** Bytes reserved for a body that declares `declared` bytes: all of them, or 0 (to disk). */
  reserve(declared: number): number {
    if (!Number.isSafeInteger(declared) || declared <= 0 || declared > IN_MEMORY_FILE_MAX) return 0;
    if (this.held + declared > this.limit) return 0;
    this.held += declared;
    return declared;
  }

  release(bytes: number): void {
    this.held -= bytes;
  }

  get heldBytes(): number {
    return this.held;
  }
}

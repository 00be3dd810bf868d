import { NotFoundException } from '@nestjs/common';

export interface Named {
  /** Unique within its registry; what config uses to pick it (e.g. `storage.driver: local`). */
  readonly name: string;
}

/** A named set of implementations that plugins add to; the built-ins register the same way. */
export class PluginRegistry<T extends Named> {
  private readonly items = new Map<string, { item: T; plugin: string }>();

  constructor(readonly kind: string) {}

  register(item: T, plugin: string): void {
    const existing = this.items.get(item.name);
    if (existing) {
      throw new Error(`${this.kind} "${item.name}" from plugin ${plugin} clashes with the one from plugin ${existing.plugin}`);
    }
    this.items.set(item.name, { item, plugin });
  }

  has(name: string): boolean {
    return this.items.has(name);
  }

  get(name: string): T {
    const entry = this.items.get(name);
    if (!entry) throw new NotFoundException(`Unknown ${this.kind} "${name}"; available: ${this.names().join(', ') || 'none'}`);
    return entry.item;
  }

  names(): string[] {
    return [...this.items.keys()].sort();
  }

  entries(): Array<{ name: string; plugin: string }> {
    return this.names().map((name) => ({ name, plugin: this.items.get(name)!.plugin }));
  }
}

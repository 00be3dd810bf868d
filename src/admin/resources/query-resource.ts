import { type ActionContext, BaseProperty, BaseRecord, BaseResource, type Filter, type PropertyType } from 'adminjs';
import type { EntityMetadata, ObjectLiteral, Repository, SelectQueryBuilder } from 'typeorm';

type ColumnMetadata = EntityMetadata['columns'][number];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const A = 'r';

export interface QueryResourceOptions<T extends ObjectLiteral> {
  /** AdminJS resource id, also its URL segment: /admin/resources/<id>. */
  id: string;
  repository: Repository<T>;
  /** Columns that never reach a record: secrets (hashes) and internals. */
  hidden?: string[];
  /** Entity class name → resource id, for columns that reference another resource (null: show the raw id). */
  references?: Record<string, string | null>;
  /** Columns compared with `=` rather than searched with ILIKE (roles, formats, hashes). */
  exact?: string[];
  /** Which rows the resource holds at all (e.g. only pending dataset images), as SQL on the alias `r`. */
  scope?: { sql: string; params?: Record<string, unknown> };
  /** Joins for the list and show queries. */
  join?: (query: SelectQueryBuilder<T>, alias: string) => void;
  /** Filters on values that are not columns of the entity (e.g. a joined table's). */
  virtualFilters?: Record<string, (query: SelectQueryBuilder<T>, alias: string, value: string, param: string) => void>;
  /** Record params from a loaded row; defaults to the columns. */
  toParams?: (row: T) => Record<string, unknown>;
  /** Computed columns the list can sort by, as SQL expressions on the alias `r` (e.g. a usage count). */
  sortExpressions?: Record<string, string>;
  /** A column, or a key of sortExpressions. */
  defaultSort?: { column: string; direction: 'ASC' | 'DESC' };
  /**
   * The only columns staff below admin receive when another resource's records refer to these (AdminJS
   * attaches the referenced record whole to every list, show and action answer): a donor's name, not their email.
   */
  publicColumns?: string[];
}

type VirtualFilter = (query: SelectQueryBuilder<ObjectLiteral>, alias: string, value: string, param: string) => void;

/** A yes/no filter on things that get resolved (reports, alerts): open ones have no `resolvedAt` yet. */
export const stillOpen: VirtualFilter = (query, alias, value) =>
  void query.andWhere(value === 'true' ? `${alias}."resolvedAt" IS NULL` : value === 'false' ? `${alias}."resolvedAt" IS NOT NULL` : '1 = 0');

class ColumnProperty extends BaseProperty {
  constructor(
    readonly column: ColumnMetadata,
    position: number,
    private readonly ref: string | null,
    type: PropertyType,
  ) {
    super({ path: column.propertyName, type, isId: column.isPrimary, isSortable: !ref && !column.isArray, position });
  }

  override reference(): string | null {
    return this.ref;
  }

  override isArray(): boolean {
    return this.column.isArray;
  }

  override isEditable(): boolean {
    return false;
  }
}

function propertyType(col: ColumnMetadata, ref: string | null): PropertyType {
  if (ref) return 'reference';
  const type = typeof col.type === 'function' ? col.type.name.toLowerCase() : String(col.type);
  if (type === 'uuid') return 'uuid';
  if (['int', 'integer', 'int4', 'int8', 'bigint', 'smallint', 'number'].includes(type)) return 'number';
  if (['boolean', 'bool'].includes(type)) return 'boolean';
  if (['timestamptz', 'timestamp', 'timestamp with time zone', 'date', 'datetime'].includes(type)) return 'datetime';
  if (['json', 'jsonb'].includes(type)) return 'mixed';
  return 'string';
}

/**
 * A read-only AdminJS resource over one TypeORM repository of this application (not BaseEntity's global data
 * source). Secret columns are never selected into records; writes are refused here, so every change has to
 * go through an action that calls the feature's service (files, sessions and events then follow).
 */
export class QueryResource<T extends ObjectLiteral> extends BaseResource {
  private readonly props: Record<string, ColumnProperty>;

  constructor(private readonly opts: QueryResourceOptions<T>) {
    super(opts.repository);
    const hidden = new Set(opts.hidden ?? []);
    this.props = {};
    opts.repository.metadata.columns
      .filter((col) => !hidden.has(col.propertyName))
      .forEach((col, index) => {
        const target = col.relationMetadata?.inverseEntityMetadata.name;
        const ref = target ? (opts.references?.[target] ?? null) : null;
        this.props[col.propertyName] = new ColumnProperty(col, index, ref, propertyType(col, ref));
      });
  }

  override databaseName(): string {
    return 'imagehive';
  }

  databaseType(): string {
    return 'postgres';
  }

  override id(): string {
    return this.opts.id;
  }

  name(): string {
    return this.opts.id;
  }

  override properties(): BaseProperty[] {
    return Object.values(this.props);
  }

  override property(path: string): BaseProperty | null {
    return Object.hasOwn(this.props, path) ? this.props[path] : null;
  }

  override async count(filter: Filter): Promise<number> {
    return this.query(filter).getCount();
  }

  override async find(filter: Filter, options: { limit?: number; offset?: number; sort?: { sortBy?: string; direction?: 'asc' | 'desc' } }): Promise<BaseRecord[]> {
    const query = this.query(filter);
    const { sortBy, direction } = options.sort ?? {};
    // Own keys only: a sortBy such as `constructor` must not reach Object.prototype.
    const sortable = sortBy && ((Object.hasOwn(this.props, sortBy) && this.props[sortBy].isSortable()) || Object.hasOwn(this.opts.sortExpressions ?? {}, sortBy)) ? sortBy : undefined;
    const fallback = this.opts.defaultSort;
    if (sortable) query.orderBy(this.sortKey(sortable), direction === 'desc' ? 'DESC' : 'ASC');
    else if (fallback) query.orderBy(this.sortKey(fallback.column), fallback.direction);
    query.addOrderBy(`${A}.${this.primary()}`, 'ASC');
    query.offset(Math.max(0, options.offset ?? 0)).limit(Math.min(Math.max(1, options.limit ?? 10), 500));
    return (await query.getMany()).map((row) => this.record(row));
  }

  override async findOne(id: string, context?: ActionContext): Promise<BaseRecord | null> {
    const [found] = await this.findMany([id], context);
    return found ?? null;
  }

  override async findMany(ids: Array<string | number>, context?: ActionContext): Promise<BaseRecord[]> {
    const valid = ids.map(String).filter((id) => this.validId(id));
    if (!valid.length) return [];
    const query = this.base().andWhere(`${A}.${this.primary()} IN (:...ids)`, { ids: valid });
    const records = (await query.getMany()).map((row) => this.record(row));
    const { publicColumns } = this.opts;
    // Restricted only for a signed-in caller below admin: internal calls (no context) need the whole record.
    const role = (context?.currentAdmin as { role?: string } | undefined)?.role;
    if (!publicColumns || role === undefined || role === 'admin') return records;
    const id = this.primary();
    return records.map((r) => new BaseRecord(Object.fromEntries([id, ...publicColumns].map((key) => [key, r.params[key]])), this));
  }

  override async create(): Promise<never> {
    throw readOnly();
  }

  override async update(): Promise<never> {
    throw readOnly();
  }

  override async delete(): Promise<never> {
    throw readOnly();
  }

  private sortKey(name: string): string {
    return Object.hasOwn(this.opts.sortExpressions ?? {}, name) ? this.opts.sortExpressions![name] : `${A}.${name}`;
  }

  private primary(): string {
    return this.opts.repository.metadata.primaryColumns[0].propertyName;
  }

  private validId(id: string): boolean {
    const primary = this.opts.repository.metadata.primaryColumns[0];
    return primary.type === 'uuid' ? UUID.test(id) : id.length > 0 && id.length <= 256;
  }

  private base(): SelectQueryBuilder<T> {
    const query = this.opts.repository.createQueryBuilder(A);
    this.opts.join?.(query, A);
    if (this.opts.scope) query.andWhere(this.opts.scope.sql, this.opts.scope.params);
    return query;
  }

  private query(filter: Filter): SelectQueryBuilder<T> {
    const query = this.base();
    Object.entries(filter?.filters ?? {}).forEach(([key, { value }], index) => {
      const param = `f${index}`;
      const virtual = Object.hasOwn(this.opts.virtualFilters ?? {}, key) ? this.opts.virtualFilters![key] : undefined;
      if (virtual && typeof value === 'string') return virtual(query, A, value, param);
      const prop = Object.hasOwn(this.props, key) ? this.props[key] : undefined;
      if (!prop) return;
      this.where(query, prop, value, param);
    });
    return query;
  }

  private where(query: SelectQueryBuilder<T>, prop: ColumnProperty, value: unknown, param: string): void {
    const path = `${A}.${prop.path()}`;
    const none = () => void query.andWhere('1 = 0');
    switch (prop.type()) {
      case 'datetime': {
        const { from, to } = (value ?? {}) as { from?: string; to?: string };
        const date = (s?: string) => (s && !Number.isNaN(Date.parse(s)) ? new Date(s) : undefined);
        if (date(from)) query.andWhere(`${path} >= :${param}from`, { [`${param}from`]: date(from) });
        if (date(to)) query.andWhere(`${path} <= :${param}to`, { [`${param}to`]: date(to) });
        return;
      }
      case 'reference':
      case 'uuid':
        if (typeof value !== 'string' || !UUID.test(value)) return none();
        query.andWhere(`${path} = :${param}`, { [param]: value });
        return;
      case 'boolean':
        if (value !== 'true' && value !== 'false') return none();
        query.andWhere(`${path} = :${param}`, { [param]: value === 'true' });
        return;
      case 'number':
        if (typeof value !== 'string' || !/^-?\d{1,15}$/.test(value)) return none();
        query.andWhere(`${path} = :${param}`, { [param]: Number(value) });
        return;
      default: {
        if (typeof value !== 'string') return none();
        if (prop.isArray()) query.andWhere(`:${param} = ANY(${path})`, { [param]: value });
        else if (this.opts.exact?.includes(prop.path())) query.andWhere(`${path} = :${param}`, { [param]: value });
        else query.andWhere(`${path} ILIKE :${param}`, { [param]: `%${value.replace(/[\\%_]/g, (c) => `\\${c}`)}%` });
      }
    }
  }

  private record(row: T): BaseRecord {
    const params = this.opts.toParams ? this.opts.toParams(row) : { ...row };
    for (const key of this.opts.hidden ?? []) delete params[key];
    return new BaseRecord(params, this);
  }
}

function readOnly(): Error {
  return new Error('Panel resources are read-only: changes go through actions that call the services');
}

import session, { type SessionData } from 'express-session';
import { LessThan, type Repository } from 'typeorm';
import type { StaffSession } from '../admin.types.js';
import type { AdminSessionEntity } from './admin-session.entity.js';

type Callback = (error?: unknown, data?: SessionData | null) => void;

/**
 * express-session's store on the admin_sessions table. Sessions have a fixed lifetime from sign-in (no
 * rolling renewal), so the only writes are sign-in and sign-out; expired rows are swept on each sign-in.
 */
export class AdminSessionStore extends session.Store {
  constructor(
    private readonly sessions: Repository<AdminSessionEntity>,
    private readonly ttlMs: number,
  ) {
    super();
  }

  override get(sid: string, callback: Callback): void {
    this.sessions
      .findOneBy({ sid })
      .then((row) => callback(null, row && row.expiresAt > new Date() ? (row.data as unknown as SessionData) : null), callback);
  }

  override set(sid: string, data: SessionData, callback?: (error?: unknown) => void): void {
    const expiresAt = data.cookie?.expires ? new Date(data.cookie.expires) : new Date(Date.now() + this.ttlMs);
    const userId = (data as { adminUser?: StaffSession }).adminUser?.id ?? null;
    const row = { sid, userId, data: JSON.parse(JSON.stringify(data)), expiresAt };
    this.sessions
      .upsert(row as Parameters<Repository<AdminSessionEntity>['upsert']>[0], ['sid'])
      .then(() => this.sessions.delete({ expiresAt: LessThan(new Date()) }))
      .then(() => callback?.(), (error) => callback?.(error));
  }

  override destroy(sid: string, callback?: (error?: unknown) => void): void {
    this.sessions.delete({ sid }).then(() => callback?.(), (error) => callback?.(error));
  }
}

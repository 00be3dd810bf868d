import { Injectable } from '@nestjs/common';
import { AdminStatsRepository, type DayCount, type DayTally, type ModerationBacklog, type OwnerUsage } from './admin-stats.repository.js';

export const DASHBOARD_DAYS = 30;

export interface DashboardData {
  generatedAt: string;
  uploadsPerDay: DayCount[];
  donationsPerDay: DayTally[];
  votesPerDay: DayTally[];
  moderation: ModerationBacklog;
  topLabels: Array<{ name: string; images: number }>;
  storage: { images: number; linkedBytes: number; blobs: number; storedBytes: number };
  users: { total: number; disabled: number; byRole: Record<string, number> };
  topUploaders: Array<OwnerUsage & { username: string }>;
}

/** What the panel's front page shows; served as AdminJS's dashboard data (GET /admin/api/dashboard). */
@Injectable()
export class DashboardService {
  constructor(private readonly stats: AdminStatsRepository) {}

  async summary(): Promise<DashboardData> {
    // One after another: the embedded database runs one query at a time anyway.
    const uploadsPerDay = await this.stats.uploadsPerDay(DASHBOARD_DAYS);
    const storage = await this.stats.storage();
    const roles = await this.stats.usersByRole();
    const topUploaders = await this.stats.topUploaders(10);
    const donationsPerDay = await this.stats.donationsPerDay(DASHBOARD_DAYS);
    const votesPerDay = await this.stats.votesPerDay(DASHBOARD_DAYS);
    const moderation = await this.stats.moderationBacklog();
    const topLabels = await this.stats.topLabels(10);
    const byRole: Record<string, number> = {};
    for (const row of roles) byRole[row.role] = (byRole[row.role] ?? 0) + row.count;
    return {
      generatedAt: new Date().toISOString(),
      uploadsPerDay,
      donationsPerDay,
      votesPerDay,
      moderation,
      topLabels,
      storage,
      users: {
        total: roles.reduce((sum, r) => sum + r.count, 0),
        disabled: roles.filter((r) => r.disabled).reduce((sum, r) => sum + r.count, 0),
        byRole,
      },
      topUploaders,
    };
  }
}

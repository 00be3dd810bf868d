import { HttpException, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import AdminJSExpress from '@adminjs/express';
import { AdminJS, ComponentLoader } from 'adminjs';
import express from 'express';
import session from 'express-session';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { DataSource, Repository } from 'typeorm';
import { ConfigService } from '../config/config.service.js';
import { InvitesService } from '../invites/invites.service.js';
import { LabelsService } from '../labels/labels.service.js';
import { ModerationService } from '../moderation/moderation.service.js';
import { RateLimiterRepository } from '../throttling/rate-limiter.repository.js';
import { TokensService } from '../tokens/tokens.service.js';
import { UploadsService } from '../uploads/uploads.service.js';
import { UsersService } from '../users/users.service.js';
import { VotingService } from '../validation/voting.service.js';
import { DeliveriesService } from '../webhooks/deliveries.service.js';
import { SubscriptionsService } from '../webhooks/subscriptions.service.js';
import { AccessPolicy } from './access.js';
import { AdminAuthService } from './admin-auth.service.js';
import { AdminDatasetRepository } from './admin-dataset.repository.js';
import { ADMIN_ROOT, accessGuard, errorHandler, FORM_OPTIONS, loginThrottle, revalidateStaff, sameOriginWrites, securityHeaders, sendError } from './admin-http.js';
import { AdminMediaService } from './admin-media.service.js';
import { AdminStatsRepository } from './admin-stats.repository.js';
import { adminBrandingOptions } from './admin.options.js';
import { bundleIsCurrent, bundleStamp, recordBundle } from './components/bundle-cache.js';
import { componentFiles, registerComponents } from './components/components.js';
import { DashboardService } from './dashboard.service.js';
import type { AdminDeps } from './resources/definition.js';
import { ADMIN_RESOURCES } from './resources/index.js';
import { AdminSessionEntity } from './session/admin-session.entity.js';
import { AdminSessionStore } from './session/admin-session.store.js';
import { resolveSessionSecret } from './session/session-secret.js';

/** Builds the AdminJS panel: the router for /admin, with its session, sign-in and guards (admin.loader.ts mounts it). */
@Injectable()
export class AdminPanelService {
  private readonly logger = new Logger('AdminPanel');

  constructor(
    private readonly config: ConfigService,
    private readonly auth: AdminAuthService,
    private readonly dashboard: DashboardService,
    private readonly media: AdminMediaService,
    private readonly limiter: RateLimiterRepository,
    private readonly stats: AdminStatsRepository,
    private readonly users: UsersService,
    private readonly tokens: TokensService,
    private readonly invites: InvitesService,
    private readonly uploads: UploadsService,
    private readonly moderation: ModerationService,
    private readonly labels: LabelsService,
    private readonly voting: VotingService,
    private readonly subscriptions: SubscriptionsService,
    private readonly deliveries: DeliveriesService,
    private readonly datasetFacts: AdminDatasetRepository,
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectRepository(AdminSessionEntity) private readonly sessions: Repository<AdminSessionEntity>,
  ) {}

  async build(): Promise<express.Router> {
    const policy = new AccessPolicy(Object.fromEntries(ADMIN_RESOURCES.map((r) => [r.id, r.access])));
    const componentLoader = new ComponentLoader();
    const components = registerComponents(componentLoader);
    const { dataSource, users, tokens, invites, uploads, moderation, labels, voting, subscriptions, deliveries, stats, datasetFacts } = this;
    const deps: AdminDeps = { dataSource, users, tokens, invites, uploads, moderation, labels, voting, subscriptions, deliveries, stats, datasetFacts, policy, components };
    const admin = new AdminJS({
      ...adminBrandingOptions(),
      rootPath: ADMIN_ROOT,
      loginPath: `${ADMIN_ROOT}/login`,
      logoutPath: `${ADMIN_ROOT}/logout`,
      componentLoader,
      resources: ADMIN_RESOURCES.map((r) => r.build(deps)),
      dashboard: { component: components.Dashboard, handler: () => this.dashboard.summary() },
    });
    await this.bundle(admin);
    return this.router(admin, policy);
  }

  /**
   * Production (NODE_ENV, which AdminJS reads) bundles the custom components once, now, before the first page
   * asks (ADMIN_JS_SKIP_BUNDLE=true skips it), unless the bundle on disk was built from the same sources;
   * elsewhere AdminJS bundles on the first request, so a stale bundle from an earlier version is removed.
   * AdminJS's file watcher is never started.
   */
  private async bundle(admin: AdminJS): Promise<void> {
    const dir = process.env.ADMIN_JS_TMP_DIR ?? '.adminjs';
    let ready: Promise<void>;
    if (process.env.NODE_ENV !== 'production' || process.env.ADMIN_JS_SKIP_BUNDLE === 'true') {
      if (process.env.NODE_ENV !== 'production') rmSync(join(dir, 'bundle.js'), { force: true });
      ready = admin.initialize();
    } else {
      const stamp = bundleStamp(AdminJS.VERSION, componentFiles());
      ready = bundleIsCurrent(dir, stamp) ? Promise.resolve() : admin.initialize().then(() => recordBundle(dir, stamp));
    }
    admin.initialize = () => ready; // @adminjs/express calls it again without waiting; once is enough
    await ready;
  }

  private router(admin: AdminJS, policy: AccessPolicy): express.Router {
    const secure = this.config.values.server.publicUrl?.startsWith('https:') ?? false;
    const ttlMs = this.config.values.admin.sessionTtlHours * 3_600_000;
    const cookieName = secure ? '__Secure-imagehive_admin' : 'imagehive_admin';
    const secret = resolveSessionSecret(this.config);
    const sessionOptions: session.SessionOptions = {
      name: cookieName,
      secret,
      store: new AdminSessionStore(this.sessions, ttlMs),
      resave: false,
      saveUninitialized: false,
      rolling: false,
      unset: 'destroy',
      // Behind a TLS-terminating proxy the app sees plain HTTP; trust X-Forwarded-Proto for the Secure flag only.
      proxy: secure || undefined,
      cookie: { path: ADMIN_ROOT, httpOnly: true, sameSite: 'strict', secure, maxAge: ttlMs },
    };
    const renderLogin = (errorMessage: string) => admin.renderLogin({ action: admin.options.loginPath, errorMessage });

    const router = express.Router();
    router.use(securityHeaders);
    router.use(sameOriginWrites(this.config.values.server.publicUrl));
    router.use(session(sessionOptions));
    router.use(revalidateStaff(this.auth));
    router.post('/login', loginThrottle(this.limiter, renderLogin));
    router.get('/media/:id/:size', async (req, res) => {
      const staff = req.session?.adminUser;
      const { id, size } = req.params as { id: string; size: string };
      if (!staff) return sendError(req, res, 401, 'Sign in to the staff panel first');
      if (!policy.can(staff.role, 'uploads', 'show')) return sendError(req, res, 403, `A ${staff.role} cannot view uploads`);
      if (!this.media.isSize(size)) return sendError(req, res, 404, 'Unknown image size');
      try {
        await this.media.send(req, res, id, size);
      } catch (error) {
        if (!(error instanceof HttpException)) throw error;
        sendError(req, res, error.getStatus(), error.message);
      }
    });
    router.use(accessGuard(policy));

    AdminJSExpress.buildAuthenticatedRouter(
      admin,
      {
        authenticate: async (username, password, context) => {
          const staff = await this.auth.authenticate(username, password);
          if (!staff || !context) return staff;
          // A new session id at sign-in, so an id planted before cannot be ridden (session fixation).
          const req = context.req as express.Request;
          await new Promise<void>((resolve, reject) => req.session.regenerate((error) => (error ? reject(error) : resolve())));
          return staff;
        },
        cookieName,
        cookiePassword: secret,
      },
      router,
      sessionOptions,
      FORM_OPTIONS as Parameters<typeof AdminJSExpress.buildAuthenticatedRouter>[4],
    );
    router.use(errorHandler(this.logger));
    return router;
  }
}

import { existsSync } from 'node:fs';
import { Controller, Get, NotFoundException, Param, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public } from '../common/decorators.js';
import { SkipThrottle } from '../throttling/throttle.decorators.js';
import { pickLanguage } from './language.js';
import { webFile } from './web-files.js';
import { WebShell } from './web-shell.js';

/** The app's routes; the client-side router (web/app/routes.js) picks the page from the path. */
export const APP_ROUTES = ['/', 'login', 'register', 'dashboard', 'donate', 'validate', 'label', 'label/:id', 'explore', 'annotate', 'statistics'];

const SECURITY_HEADERS = { 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'same-origin' };

@ApiExcludeController()
@Controller()
export class WebController {
  constructor(private readonly shell: WebShell) {}

  @Get(APP_ROUTES)
  @Public()
  page(@Req() req: Request, @Res() res: Response): void {
    const lang = pickLanguage(req.headers.cookie, req.headers['accept-language']);
    res
      .status(200)
      .set({
        ...SECURITY_HEADERS,
        'Content-Type': 'text/html; charset=utf-8',
        'Content-Security-Policy': this.shell.csp,
        'Cache-Control': 'no-cache',
        Vary: 'Accept-Language, Cookie',
      })
      .send(this.shell.page(lang));
  }

  /** Static files: revalidated on every load (ETag), so a new version is picked up without a build hash. */
  @Get('app/*path')
  @Public()
  @SkipThrottle()
  asset(@Param('path') path: string | string[], @Res() res: Response): void {
    const file = webFile(Array.isArray(path) ? path.join('/') : path);
    if (!file || !existsSync(file)) throw new NotFoundException('No such file');
    res.sendFile(file, { headers: { ...SECURITY_HEADERS, 'Cache-Control': 'no-cache' }, dotfiles: 'deny' });
  }
}

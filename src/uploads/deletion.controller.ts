import { Controller, Get, Param, Post, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../common/decorators.js';
import { escapeHtml, sendPage } from '../common/html.js';
import { ConfigService } from '../config/config.service.js';
import { thumbnailQuery } from './links.js';
import { UploadsService } from './uploads.service.js';

/**
 * The deletion link ShareX opens. GET only shows a confirmation page (link previewers and scanners follow GETs);
 * the form's POST deletes. The link carries its own secret, never the account token.
 */
@ApiExcludeController()
@Controller('d')
export class DeletionController {
  constructor(
    private readonly uploads: UploadsService,
    private readonly config: ConfigService,
  ) {}

  @Get(':slug/:secret')
  @Public()
  async confirm(@Param('slug') slug: string, @Param('secret') secret: string, @Res() res: Response): Promise<void> {
    const found = await this.uploads.checkDeletionSecret(slug, secret);
    if (!found) return this.gone(res);
    res.set('Cache-Control', 'no-store');
    // No preview of a view-limited link: showing it here would use up one of its views.
    const preview = found.viewLimited
      ? '<p>(No preview: this link has a view limit.)</p>'
      : `<img src="/i/${escapeHtml(`${encodeURIComponent(slug)}?${new URLSearchParams(thumbnailQuery(this.config.values.variants.thumbnailSize))}`)}" alt="The image to delete">`;
    sendPage(
      res,
      200,
      'Delete this image?',
      `<h1>Delete this image?</h1>${preview}` +
        `<p>This removes <code>${escapeHtml(slug)}</code> for good.</p>` +
        `<form method="post"><button type="submit">Delete it</button></form>`,
      '<meta name="robots" content="noindex">',
    );
  }

  @Post(':slug/:secret')
  @Public()
  async delete(@Param('slug') slug: string, @Param('secret') secret: string, @Res() res: Response): Promise<void> {
    if (!(await this.uploads.deleteWithSecret(slug, secret))) return this.gone(res);
    res.set('Cache-Control', 'no-store');
    sendPage(res, 200, 'Deleted', '<h1>Deleted</h1><p>The image and its links are gone.</p>');
  }

  private gone(res: Response): void {
    sendPage(res, 404, 'Not found', '<h1>Not found</h1><p>This deletion link is wrong, or the image is already gone.</p>');
  }
}

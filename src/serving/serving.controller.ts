import { BadRequestException, Controller, Get, Head, NotFoundException, Param, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeEndpoint, ApiOkResponse, ApiOperation, ApiParam, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { isUUID } from 'class-validator';
import { AnnotationsRepository } from '../annotations/annotations.repository.js';
import { Public } from '../common/decorators.js';
import { escapeHtml, sendPage } from '../common/html.js';
import { ConfigService } from '../config/config.service.js';
import { SkipThrottle } from '../throttling/throttle.decorators.js';
import { baseUrl, imageLinks } from '../uploads/links.js';
import { FORMAT_INFO, type StoredFormat } from '../uploads/formats.js';
import type { ImageWithBlob } from '../uploads/uploads.repository.js';
import { ServingService } from './serving.service.js';
import { parseVariantParams, VARIANT_FITS, VARIANT_FORMATS } from './variant-params.js';

@ApiTags('serving')
@Controller()
@SkipThrottle()
export class ServingController {
  constructor(
    private readonly serving: ServingService,
    private readonly config: ConfigService,
    private readonly annotations: AnnotationsRepository,
  ) {}

  @Get('i/:file')
  @Public()
  @ApiOperation({
    summary: 'The image bytes, or a resized variant',
    description: 'By link id, with or without an extension. Strong ETag, 304 revalidation, Range requests and HEAD. With any of w, h, fit, format, q: a variant, rendered once and cached.',
  })
  @ApiParam({ name: 'file', description: 'The link id, optionally with an extension (abc123 or abc123.webp)' })
  @ApiQuery({ name: 'w', required: false, description: 'Width in pixels (never enlarged; capped by variants.maxDimension)' })
  @ApiQuery({ name: 'h', required: false, description: 'Height in pixels' })
  @ApiQuery({ name: 'fit', required: false, enum: VARIANT_FITS })
  @ApiQuery({ name: 'format', required: false, enum: VARIANT_FORMATS })
  @ApiQuery({ name: 'q', required: false, description: 'Quality 1–100' })
  @ApiQuery({ name: 'highlight', required: false, description: 'An annotation id of this image: its current outline is drawn on the variant' })
  @ApiProduces('image/*')
  @ApiOkResponse({ description: 'The image' })
  async image(@Param('file') file: string, @Query() query: Record<string, unknown>, @Req() req: Request, @Res() res: Response): Promise<void> {
    const found = await this.serving.resolve(file);
    const send = await this.answer(found, query, req, res);
    // Every GET is a view, of the original or of any variant: a view-limited link runs out whatever is asked.
    if (req.method === 'GET' && !(await this.serving.countView(found.image))) throw new NotFoundException('This link has reached its view limit');
    return send();
  }

  /** What the request asks for, checked before a view is counted: a bad parameter costs no view. */
  private async answer(found: ImageWithBlob, query: Record<string, unknown>, req: Request, res: Response): Promise<() => Promise<void>> {
    if (query.highlight !== undefined) {
      const { highlight, ...rest } = query;
      const outline = await this.outline(found.image.datasetState === 'approved' ? found.image.id : null, highlight);
      // Without size parameters: the whole image at its own size, with the outline on it.
      const variant = parseVariantParams({ fit: 'inside', ...rest }, found.blob, this.config.values.variants)!;
      return () => this.serving.sendHighlight(req, res, found, variant, outline);
    }
    const variant = parseVariantParams(query, found.blob, this.config.values.variants);
    return variant ? () => this.serving.sendVariant(req, res, found, variant) : () => this.serving.sendOriginal(req, res, found);
  }

  /** The annotation to highlight: one of this image's, while it is in the public dataset (404 otherwise). */
  private async outline(imageId: string | null, raw: unknown) {
    if (typeof raw !== 'string' || !isUUID(raw)) throw new BadRequestException('highlight must be an annotation id (a UUID)');
    const outline = await this.annotations.outline(raw);
    if (!outline || imageId === null || outline.imageId !== imageId) throw new NotFoundException('This image has no such annotation to highlight');
    return { id: raw, revision: outline.revision, shapes: outline.shapes };
  }

  @Head('i/:file')
  @Public()
  @ApiExcludeEndpoint()
  head(@Param('file') file: string, @Query() query: Record<string, unknown>, @Req() req: Request, @Res() res: Response): Promise<void> {
    return this.image(file, query, req, res);
  }

  @Get('v/:slug')
  @Public()
  @ApiOperation({ summary: 'A small page for the image, with OpenGraph/Twitter tags so chats and forums embed it' })
  @ApiProduces('text/html')
  async view(@Param('slug') slug: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const { image, blob } = await this.serving.resolve(slug);
    const base = baseUrl(req, this.config.values);
    const links = imageLinks(base, image.slug, blob.format as StoredFormat, this.config.values.variants.thumbnailSize);
    const title = image.originalName ?? image.slug;
    // A link preview fetches og:image: of a view-limited link it would use up a view before anyone saw it.
    const preview = image.maxViews === null
      ? [
          ['og:image', links.rawUrl],
          ['og:image:type', FORMAT_INFO[blob.format as StoredFormat].mimeType],
          ['og:image:width', String(blob.width)],
          ['og:image:height', String(blob.height)],
          ['twitter:card', 'summary_large_image'],
          ['twitter:image', links.rawUrl],
        ]
      : [['twitter:card', 'summary']];
    const meta = [['og:type', 'website'], ['og:title', title], ['og:url', links.url], ...preview, ['twitter:title', title]]
      .map(([property, content]) => `<meta property="${property}" content="${escapeHtml(content)}">`)
      .join('');
    res.set('Cache-Control', image.expiresAt || image.maxViews ? 'no-store' : 'public, max-age=300');
    sendPage(
      res,
      200,
      title,
      `<img src="${escapeHtml(links.rawUrl)}" width="${blob.width}" height="${blob.height}" alt="${escapeHtml(title)}">` +
        `<p><a href="${escapeHtml(links.rawUrl)}">${escapeHtml(links.rawUrl)}</a> · ${blob.width}×${blob.height} · ${(blob.size / 1024).toFixed(0)} KB</p>`,
      `${meta}<meta name="theme-color" content="#f5a623">`,
    );
  }
}

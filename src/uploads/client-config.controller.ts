import { Controller, Get, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { AuthContext } from '../common/auth-context.js';
import { Auth, Authenticated } from '../common/decorators.js';
import { ConfigService } from '../config/config.service.js';
import { TokensService } from '../tokens/tokens.service.js';
import { baseUrl } from './links.js';

/** Ready-made client configurations, each with a fresh upload-only token (secrets are stored hashed, so never reused). */
@ApiTags('uploads')
@Controller('api')
export class ClientConfigController {
  constructor(
    private readonly tokens: TokensService,
    private readonly config: ConfigService,
  ) {}

  private async uploadToken(auth: AuthContext, client: string): Promise<string> {
    const day = new Date().toISOString().slice(0, 10);
    return (await this.tokens.create(auth, { name: `${client} (${day})`, scopes: ['upload'] })).secret;
  }

  @Get('sharex.sxcu')
  @Authenticated()
  @ApiOperation({ summary: 'A ShareX custom uploader for me', description: 'Creates a new upload-only API token named "ShareX (date)" and embeds it.' })
  @ApiProduces('application/json')
  @ApiOkResponse({ description: 'The .sxcu file' })
  async sharex(@Auth() auth: AuthContext, @Req() req: Request, @Res() res: Response): Promise<void> {
    const base = baseUrl(req, this.config.values);
    const sxcu = {
      Version: '17.0.0',
      Name: `Imagehive (${new URL(base).host})`,
      // Images only: as ShareX's file uploader it would be handed videos and archives, all refused (415).
      DestinationType: 'ImageUploader',
      RequestMethod: 'POST',
      RequestURL: `${base}/api/upload`,
      Headers: { Authorization: await this.uploadToken(auth, 'ShareX') },
      Body: 'MultipartFormData',
      FileFormName: 'upload',
      URL: '{json:url}',
      ThumbnailURL: '{json:thumbnailUrl}',
      DeletionURL: '{json:deletionUrl}',
      ErrorMessage: '{json:message}',
    };
    res.set({ 'Content-Type': 'application/json', 'Content-Disposition': 'attachment; filename="imagehive.sxcu"', 'Cache-Control': 'no-store' });
    res.send(JSON.stringify(sxcu, null, 2));
  }

  @Get('upload.sh')
  @Authenticated()
  @ApiOperation({
    summary: 'A shell script that uploads a file or stdin (Flameshot: `flameshot gui --raw | imagehive-upload.sh`)',
    description: 'Creates a new upload-only API token and embeds it. Prints the link; copies it with xclip/wl-copy when present.',
  })
  @ApiProduces('text/x-shellscript')
  async script(@Auth() auth: AuthContext, @Req() req: Request, @Res() res: Response): Promise<void> {
    const base = baseUrl(req, this.config.values);
    const token = await this.uploadToken(auth, 'Shell script');
    const script = `#!/bin/sh
# Imagehive upload script for ${base}. Usage: imagehive-upload.sh [file]   (reads stdin without a file)
set -eu
URL='${base.replace(/'/g, '')}/api/upload'
TOKEN='${token}'
if [ "$#" -gt 0 ]; then SRC="$1"; NAME=$(basename "$1"); else SRC=-; NAME=screenshot.png; fi
# Quoted for curl's -F, which splits bare values at , and ; (backslashes and quotes escaped inside).
quote() { printf '"%s"' "$(printf '%s' "$1" | sed 's/[\\\\"]/\\\\&/g')"; }
RESPONSE=$(curl -sS -H "Authorization: $TOKEN" -F "upload=@$(quote "$SRC");filename=$(quote "$NAME")" "$URL")
LINK=$(printf '%s' "$RESPONSE" | sed -n 's/.*"url":"\\([^"]*\\)".*/\\1/p')
if [ -z "$LINK" ]; then printf '%s\\n' "$RESPONSE" >&2; exit 1; fi
printf '%s\\n' "$LINK"
if command -v wl-copy >/dev/null 2>&1; then printf '%s' "$LINK" | wl-copy
elif command -v xclip >/dev/null 2>&1; then printf '%s' "$LINK" | xclip -selection clipboard; fi
`;
    res.set({ 'Content-Type': 'text/x-shellscript; charset=utf-8', 'Content-Disposition': 'attachment; filename="imagehive-upload.sh"', 'Cache-Control': 'no-store' });
    res.send(script);
  }
}

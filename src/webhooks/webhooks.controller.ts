import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiExtraModels,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { AuthContext } from '../common/auth-context.js';
import { Auth, Authenticated } from '../common/decorators.js';
import { ErrorResponseDto } from '../common/error-response.dto.js';
import { EVENT_CATALOG, EVENT_PAYLOAD_MODELS, EventEnvelopeDto, EVENT_TYPES } from './events.dto.js';
import { DeliveriesService } from './deliveries.service.js';
import { SubscriptionsService } from './subscriptions.service.js';
import {
  CreateWebhookDto,
  DeliveryListQueryDto,
  DeliveryPageDto,
  EventTypeDto,
  RetryResponseDto,
  TestDeliveryResponseDto,
  UpdateWebhookDto,
  WebhookListDto,
  WebhookResponseDto,
  WebhookWithSecretResponseDto,
} from './webhooks.dto.js';

const uuid = new ParseUUIDPipe();

@ApiTags('webhooks')
@ApiExtraModels(EventEnvelopeDto, ...EVENT_PAYLOAD_MODELS)
@Controller('api/admin/webhooks')
export class WebhooksController {
  constructor(
    private readonly service: SubscriptionsService,
    private readonly deliveryLog: DeliveriesService,
  ) {}

  @Get('event-types')
  @Authenticated({ role: 'admin' })
  @ApiOperation({
    summary: 'Every event type and its payload schema',
    description: 'A `webhook` subscriber receives `EventEnvelopeDto` with the payload as `data`; see docs/webhooks.md for the signature.',
  })
  @ApiOkResponse({ type: EventTypeDto, isArray: true })
  eventTypes(): EventTypeDto[] {
    return EVENT_TYPES.map((type) => ({
      type,
      title: EVENT_CATALOG[type].title,
      description: EVENT_CATALOG[type].description,
      schema: `#/components/schemas/${EVENT_CATALOG[type].payload.name}`,
    }));
  }

  @Get('deliveries')
  @Authenticated({ role: 'admin' })
  @ApiOperation({ summary: 'Deliveries, newest first: filter by status (`dead` for the dead letters), subscription, event type or event' })
  @ApiOkResponse({ type: DeliveryPageDto })
  deliveries(@Query() query: DeliveryListQueryDto): Promise<DeliveryPageDto> {
    return this.deliveryLog.list(query);
  }

  @Post('deliveries/:deliveryId/retry')
  @HttpCode(200)
  @Authenticated({ role: 'admin' })
  @ApiOperation({ summary: 'Queue a dead-lettered delivery again, from attempt 1' })
  @ApiOkResponse({ type: RetryResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiConflictResponse({ description: 'The delivery is not dead', type: ErrorResponseDto })
  async retry(@Param('deliveryId', uuid) deliveryId: string): Promise<RetryResponseDto> {
    return { retried: await this.deliveryLog.retry(deliveryId) };
  }

  @Get()
  @Authenticated({ role: 'admin' })
  @ApiOperation({ summary: 'Webhook subscriptions: from the configuration (read-only) and added here; secrets are never shown' })
  @ApiOkResponse({ type: WebhookListDto })
  async list(): Promise<WebhookListDto> {
    return { items: await this.service.list() };
  }

  @Post()
  @Authenticated({ role: 'admin' })
  @ApiOperation({ summary: 'Add a subscription', description: 'For signing channels the response carries the secret, once.' })
  @ApiCreatedResponse({ type: WebhookWithSecretResponseDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiConflictResponse({ description: 'The name is taken', type: ErrorResponseDto })
  create(@Body() dto: CreateWebhookDto): Promise<WebhookWithSecretResponseDto> {
    return this.service.create(dto);
  }

  @Get(':id')
  @Authenticated({ role: 'admin' })
  @ApiOperation({ summary: 'One subscription' })
  @ApiOkResponse({ type: WebhookResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  get(@Param('id', uuid) id: string): Promise<WebhookResponseDto> {
    return this.service.get(id);
  }

  @Patch(':id')
  @Authenticated({ role: 'admin' })
  @ApiOperation({ summary: 'Change a subscription (a new or rotated secret is in this response only)' })
  @ApiOkResponse({ type: WebhookWithSecretResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiConflictResponse({ description: 'It comes from the configuration, or the name is taken', type: ErrorResponseDto })
  update(@Param('id', uuid) id: string, @Body() dto: UpdateWebhookDto): Promise<WebhookWithSecretResponseDto> {
    return this.service.update(id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  @Authenticated({ role: 'admin' })
  @ApiOperation({ summary: 'Delete a subscription and its deliveries' })
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiConflictResponse({ description: 'It comes from the configuration', type: ErrorResponseDto })
  remove(@Param('id', uuid) id: string): Promise<void> {
    return this.service.remove(id);
  }

  @Post(':id/test')
  @Authenticated({ role: 'admin' })
  @ApiOperation({ summary: 'Send a `webhook.ping` event to this subscription only' })
  @ApiCreatedResponse({ type: TestDeliveryResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  test(@Auth() auth: AuthContext, @Param('id', uuid) id: string): Promise<TestDeliveryResponseDto> {
    return this.service.test(auth, id);
  }

  @Post(':id/retry-dead')
  @HttpCode(200)
  @Authenticated({ role: 'admin' })
  @ApiOperation({ summary: 'Queue every dead-lettered delivery of this subscription again' })
  @ApiOkResponse({ type: RetryResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  async retryDead(@Param('id', uuid) id: string): Promise<RetryResponseDto> {
    return { retried: await this.deliveryLog.retryAllDead(id) };
  }
}

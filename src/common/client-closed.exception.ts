import { HttpException } from '@nestjs/common';

/** nginx's status for it; no client ever reads this answer. */
export const CLIENT_CLOSED_REQUEST = 499;

/**
 * The client hung up before it was answered. Work done on its behalf is dropped, not kept, and it is the
 * client's doing, not a server error (a 4xx in the logs).
 */
export class ClientClosedRequestException extends HttpException {
  constructor(message = 'The client closed the connection before it was answered; nothing was kept') {
    super(message, CLIENT_CLOSED_REQUEST);
  }
}

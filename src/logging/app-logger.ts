import { Injectable } from '@nestjs/common';
import { Logger } from 'nestjs-pino';
import { isFrameworkChatter } from './framework-chatter.js';

/** nestjs-pino's Nest logger, with the framework's start-up inventory at debug. */
@Injectable()
export class AppLogger extends Logger {
  override log(message: unknown, ...params: unknown[]): void {
    if (isFrameworkChatter(params)) return super.debug(message, ...params);
    super.log(message, ...params);
  }
}

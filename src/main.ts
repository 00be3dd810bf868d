import './env-defaults.js';
import 'reflect-metadata';
import { runServer } from './server.js';

runServer();

// Every test file: the worker's event loop turns before and after each test (see helpers/eventLoop.ts), so
// only a single test or hook could still block it for 60 s; long work in hooks is awaited instead.
import { afterEach, beforeEach } from 'vitest';
import { yieldToEventLoop } from '../helpers/eventLoop';

beforeEach(yieldToEventLoop);
afterEach(yieldToEventLoop);

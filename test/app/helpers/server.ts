/** The real server for tests: startServer (app-server.ts), and a file's per-test lifecycle. */
import { afterEach, beforeAll } from '@jest/globals';
import nock from 'nock';
import { startServer, type Running } from './app-server.js';
import { freePort } from './free-port.js';
import { isolateNetwork } from './harness.js';

export { freePort, startServer, type Running };

/**
 * For a file of tests against the real server: the network kept to this machine, and after each
 * test every server it started stopped and nock's interceptors cleared. `start` is startServer.
 */
export function serversPerTest(): { start: typeof startServer } {
  const started: Running[] = [];
  beforeAll(isolateNetwork);
  afterEach(async () => {
    await Promise.all(started.splice(0).map((running) => running.server.stop()));
    nock.cleanAll();
  });
  return {
    start: async (...args) => {
      const running = await startServer(...args);
      started.push(running);
      return running;
    },
  };
}

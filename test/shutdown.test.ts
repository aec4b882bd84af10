import { describe, expect, it } from '@jest/globals';
import pino from 'pino';
import { shutDown, shutDownOn, type ShutdownStep } from '../src/shutdown.js';

const log = pino({ level: 'silent' });

function recorder() {
  const events: string[] = [];
  const step = (name: string, close: (graceMs: number) => Promise<unknown>): ShutdownStep => ({
    name,
    close: async (graceMs) => {
      events.push(`${name} (${graceMs > 0 ? 'grace left' : 'no grace left'})`);
      return close(graceMs);
    },
  });
  return { events, step };
}

describe('shutDown', () => {
  it('closes the steps in order, each given what is left of the grace period, then exits 0', async () => {
    const { events, step } = recorder();
    const given: number[] = [];
    let exitCode: number | undefined;
    await shutDown({
      graceMs: 1000,
      steps: [
        step('runner', async (graceMs) => {
          given.push(graceMs);
          await new Promise((resolve) => setTimeout(resolve, 200));
          return true;
        }),
        step('cache', async (graceMs) => given.push(graceMs)),
      ],
      log,
      exit: (code) => (exitCode = code),
    });
    expect(events).toEqual(['runner (grace left)', 'cache (grace left)']);
    expect(given[0]).toBeGreaterThan(900);
    expect(given[1]).toBeLessThanOrEqual(810); // 200 ms of the second went to the runner
    expect(exitCode).toBe(0);
  });

  it('exits 0 when jobs were left at the end of the grace period (handed back), 1 when a step failed, and still runs the later steps', async () => {
    const { events, step } = recorder();
    const codes: number[] = [];
    await shutDown({ graceMs: 10, steps: [step('runner', async () => false)], log, exit: (code) => codes.push(code) });
    await shutDown({
      graceMs: 10,
      steps: [
        step('broken', async () => {
          throw new Error('no');
        }),
        step('after', async () => true),
      ],
      log,
      exit: (code) => codes.push(code),
    });
    expect(codes).toEqual([0, 1]);
    expect(events).toContain('after (grace left)');
  });
});

describe('shutDownOn', () => {
  it('starts one shutdown however many signals arrive', async () => {
    const handlers = new Map<string, () => void>();
    let closes = 0;
    const exits: number[] = [];
    shutDownOn(['SIGTERM', 'SIGINT'], { graceMs: 50, steps: [{ name: 'runner', close: async () => void closes++ }], log, exit: (code) => exits.push(code) }, (signal, handler) => handlers.set(signal, handler));
    expect([...handlers.keys()]).toEqual(['SIGTERM', 'SIGINT']);
    handlers.get('SIGTERM')?.();
    handlers.get('SIGTERM')?.();
    handlers.get('SIGINT')?.();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(closes).toBe(1);
    expect(exits).toEqual([0]);
  });
});

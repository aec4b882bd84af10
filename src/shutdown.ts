/**
 * Graceful shutdown (SIGTERM from an orchestrator, SIGINT from a terminal): stop taking jobs,
 * let the running ones finish within the grace period (the durable queue hands the rest back to
 * another replica), close the connections, then exit 0. A second signal while shutting down
 * changes nothing; an error while closing exits 1 after saying what failed.
 */
import type { Logger } from 'pino';

export interface ShutdownStep {
  name: string;
  /** Given what is left of the grace period; resolves once this part has stopped. */
  close(graceMs: number): Promise<unknown>;
}

export interface ShutdownOptions {
  graceMs: number;
  /** In order: the job runner first (it needs the connections to finish), the connections after. */
  steps: readonly ShutdownStep[];
  log: Logger;
  exit(code: number): void;
}

export function shutDownOn(signals: readonly NodeJS.Signals[], options: ShutdownOptions, listen: (signal: NodeJS.Signals, handler: () => void) => void = (signal, handler) => void process.on(signal, handler)): void {
  let started: Promise<void> | undefined;
  for (const signal of signals) {
    listen(signal, () => {
      if (started) return void options.log.info(`ospo-gatekeeper: ${signal} while shutting down; still finishing`);
      options.log.info(`ospo-gatekeeper: ${signal}: no new jobs; running ones have ${Math.round(options.graceMs / 1000)} s to finish`);
      started = shutDown(options);
    });
  }
}

export async function shutDown(options: ShutdownOptions): Promise<void> {
  const deadline = Date.now() + options.graceMs;
  let code = 0;
  for (const step of options.steps) {
    try {
      const finished = await step.close(Math.max(0, deadline - Date.now()));
      if (finished === false) options.log.warn(`ospo-gatekeeper: ${step.name}: jobs still running at the end of the grace period were left: the durable queue hands them to another replica; in process, the sweeper finds their check runs after the restart`);
    } catch (error) {
      code = 1;
      options.log.error({ err: error }, `ospo-gatekeeper: ${step.name} did not close cleanly`);
    }
  }
  options.log.info(`ospo-gatekeeper: shut down (exit ${code})`);
  options.exit(code);
}

/**
 * Today's date for the engine, read at the edges (CLI, app) and passed into the pure core:
 * `OSPO_NOW` (an ISO date or timestamp) when set, so runs are reproducible, else the clock.
 */
export function todayFrom(env: NodeJS.ProcessEnv, clock: () => Date = () => new Date()): string {
  const override = env.OSPO_NOW;
  const parsed = override ? new Date(override) : clock();
  if (Number.isNaN(parsed.getTime())) throw new InvalidNowError(`OSPO_NOW is not an ISO date: ${override}`);
  return parsed.toISOString().slice(0, 10);
}

export class InvalidNowError extends Error {}

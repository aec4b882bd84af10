/**
 * Today's date for the engine, as YYYY-MM-DD: `OSPO_NOW` (an ISO date or timestamp) when set, so
 * runs are reproducible, else `now`. The entry points (cli.ts, index.ts) read the clock and pass it.
 */
export function todayFrom(env: NodeJS.ProcessEnv, now: Date): string {
  const override = env.OSPO_NOW;
  const parsed = override ? new Date(override) : now;
  if (Number.isNaN(parsed.getTime())) throw new InvalidNowError(`OSPO_NOW is not an ISO date: ${override}`);
  return parsed.toISOString().slice(0, 10);
}

export class InvalidNowError extends Error {}

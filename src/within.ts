/** Waiting for something at most so long: the one timer race the app's waits share. */

/** True when `promise` settled within `ms` (its rejection is passed on); false when the time ran out first. */
export async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([promise.then(() => true as const), late]);
  } finally {
    clearTimeout(timer);
  }
}

/** `promise`'s value, or an Error with `message` when it takes longer than `ms`. */
export async function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let value: T | undefined;
  if (!(await settlesWithin(promise.then((settled) => void (value = settled)), ms))) throw new Error(message);
  return value as T;
}

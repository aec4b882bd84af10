/**
 * Reading one piece of GitHub data that may be refused: the value, or why there is none, in the
 * words the audit shows (a 403 is a missing permission or plan feature, not "disabled").
 */
import { known, notKnown, type Known } from '../settings/snapshot.js';
import { errorLine, statusOf } from './octokit.js';

/** What a refusal means, per status, for the app's permissions. */
export function refusal(error: unknown, what: string): string {
  const status = statusOf(error);
  if (status === 403) return `GitHub refused to show ${what} (403: the app needs administration: read, or the plan lacks the feature)`;
  if (status === 404) return `GitHub did not show ${what} (404: not visible to the app)`;
  return `${what} could not be read (${status ? `HTTP ${status}: ` : ''}${errorLine(error)})`;
}

/** `read()`, with a 404 meaning `onMissing` (an endpoint where 404 is an answer) and any other failure `unknown`. */
export async function attempt<T>(what: string, read: () => Promise<T>, onMissing?: () => T): Promise<Known<T>> {
  try {
    return known(await read());
  } catch (error) {
    if (onMissing && statusOf(error) === 404) return known(onMissing());
    return notKnown(refusal(error, what));
  }
}


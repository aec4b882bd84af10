/**
 * Every ecosystem the engine knows. Adding one: a folder beside npm/ and one line here.
 */
import { npm } from './npm/index.js';
import type { Ecosystem } from './types.js';

export const ECOSYSTEMS: readonly Ecosystem[] = [npm];

export function ecosystemById(id: string): Ecosystem | undefined {
  return ECOSYSTEMS.find((ecosystem) => ecosystem.id === id);
}

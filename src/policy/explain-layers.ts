/** Reading the loaded layers for `explain`: a key's value, where it is written, how a place is shown. Pure. */
import type { LoadedLayer } from './load.js';

export type KeyPath = readonly (string | number)[];

/** Where a key or entry stands: the file, its line and column, and the layer's label (`preset:strict`). */
export interface Place {
  label: string;
  path: string;
  line?: number;
  column?: number;
}

/** A policy entry that takes part in the decision (`licenses.deny[1]` = `strong-copyleft`). */
export interface EntryUse {
  entry: string;
  key: string;
  at: Place;
  /** The license terms of the subject it names. */
  covers?: string[];
  reason?: string;
}

/** The value at a key path of a layer's data, undefined where the file does not write it. */
export function valueAt(data: unknown, path: KeyPath): unknown {
  let value = data;
  for (const step of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<string | number, unknown>)[step];
  }
  return value;
}

/** Where a key path of a layer is written (no line when the file does not write it). */
export function placeOf(layer: LoadedLayer, path: KeyPath): Place {
  return { label: layer.label, path: layer.path, ...layer.position(path) };
}

/** `policies/strict.yml:9:3 (preset:strict)`; the label only when it is not the path. */
export function placeText(place: Place): string {
  const at = place.line !== undefined ? `${place.path}:${place.line}:${place.column ?? 1}` : place.path;
  return place.label === place.path ? at : `${at} (${place.label})`;
}

/** `paths[0].licenses.deny[2]`. */
export function keyName(path: KeyPath): string {
  return path.map((step, index) => (typeof step === 'number' ? `[${step}]` : index === 0 ? step : `.${step}`)).join('');
}


// spdx-satisfies ships no types; this is its documented signature.
declare module 'spdx-satisfies' {
  export default function satisfies(expression: string, approved: string[]): boolean;
}

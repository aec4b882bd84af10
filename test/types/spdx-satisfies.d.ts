// spdx-satisfies ships no types; this is its documented signature (v6: an expression against an allow list).
declare module 'spdx-satisfies' {
  function satisfies(first: string, second: string[]): boolean;
  export default satisfies;
}

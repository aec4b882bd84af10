import { describe, expect, it } from '@jest/globals';
import { parseXmlTree } from '../../../src/ecosystems/maven/xml-tree.js';

describe('parseXmlTree', () => {
  it('keeps text as written inside an element (white space between parts too), trims its ends, and drops indentation', () => {
    const { root } = parseXmlTree('<a>\n  <b> x </b>\n  <c><![CDATA[p]]> <![CDATA[q]]></c>\n  <d>one <!-- note --> two</d>\n</a>');
    expect(root?.text).toBe('');
    expect(root?.children.map((child) => [child.name, child.text, child.line])).toEqual([
      ['b', 'x', 2],
      ['c', 'p q', 3],
      ['d', 'one  two', 4],
    ]);
    expect(root?.children[0]?.textLine).toBe(2);
  });

  it('gives leaves an empty child list and containers their own', () => {
    const { root } = parseXmlTree('<a><b/><c><d/></c><e/></a>');
    expect(root?.children.map((child) => [child.name, child.children.map((grandchild) => grandchild.name)])).toEqual([
      ['b', []],
      ['c', ['d']],
      ['e', []],
    ]);
  });
});

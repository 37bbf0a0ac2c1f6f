import { describe, expect, it } from 'vitest';
import { mapLines } from './lines.js';
import { tempDir, writeText } from './test-support.js';

describe('mapLines', () => {
  it('maps output ordinals to physical lines across quoted newlines, blank lines and rejected records', () => {
    const text = ['h1,h2', '1,"a', 'b"', '', 'bad', '2,x', '"3', '', 'c",y', '4,z'].join('\n');
    // DuckDB records: 1 header, 2 "1,a\nb", 3 blank, 4 bad (rejected), 5 "2,x", 6 "3\n\nc",y, 7 "4,z"
    const path = writeText(tempDir(), 'l.csv', text);
    const m = mapLines({ path, delimiter: 44, rejectedRecords: new Set([4]), ordinals: [0, 1, 2, 3] });
    expect([...m.byOrdinal]).toEqual([
      [0, 2],
      [1, 6],
      [2, 7],
      [3, 10],
    ]);
    expect([...m.byRecord]).toEqual([[4, 5]]);
    expect(m.consistent).toBe(true);
  });

  it('handles CRLF line ends, a BOM and "" escapes', () => {
    const text = '\ufeffa,b\r\n"x""y",1\r\n"p,q",2\r\nlast,3';
    const m = mapLines({ path: writeText(tempDir(), 'c.csv', text), delimiter: 44, rejectedRecords: new Set(), ordinals: [2] });
    expect(m.byOrdinal.get(2)).toBe(4);
  });

  it('reports inconsistency when asked for records the file does not have', () => {
    const m = mapLines({ path: writeText(tempDir(), 'd.csv', 'a\n1\n'), delimiter: 44, rejectedRecords: new Set(), ordinals: [5] });
    expect(m.consistent).toBe(false);
  });
});

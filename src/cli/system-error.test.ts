import { mkdtempSync, openSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeSystemError, isSystemError } from './system-error.js';

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error('expected a throw');
}

describe('system errors on the command line', () => {
  it('names the path (without the atomic-write suffix) and the reason of a real ENOENT', () => {
    const dir = mkdtempSync(join(tmpdir(), 'suitrate-syserr-'));
    const err = thrown(() => openSync(join(dir, 'missing', 'x.rejects.csv.tmp-123'), 'w'));
    expect(isSystemError(err)).toBe(true);
    if (!isSystemError(err)) return;
    expect(describeSystemError(err, 'en')).toBe(`cannot open ${join(dir, 'missing', 'x.rejects.csv')}: no such file or directory (ENOENT)`);
    expect(describeSystemError(err, 'zh')).toBe(`无法打开或写入 ${join(dir, 'missing', 'x.rejects.csv')}：文件或文件夹不存在 (ENOENT)`);
  });

  it('is not fooled by ordinary errors', () => {
    expect(isSystemError(new Error('boom'))).toBe(false);
    expect(isSystemError(Object.assign(new Error('x'), { code: 'E_CUSTOM' }))).toBe(false);
    expect(isSystemError('ENOENT')).toBe(false);
  });
});

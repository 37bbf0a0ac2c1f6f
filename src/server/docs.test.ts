import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { API } from './contract/index.js';

describe('docs/server.md', () => {
  it('documents every route of the contract', () => {
    const doc = readFileSync(join(import.meta.dirname, '..', '..', 'docs', 'server.md'), 'utf8');
    for (const [key, spec] of Object.entries(API)) expect(doc, key).toContain(`\`${spec.method.toUpperCase()} ${spec.path}\``);
  });
});

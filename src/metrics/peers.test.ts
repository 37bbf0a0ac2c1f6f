import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTempWorkspace, type TempWorkspace } from '../store/temp-workspace.js';
import { analyzePeers, computePeers, type PeerInput } from './peers.js';
import { parsePeerFile } from './peers-file.js';
import { buildBook1 } from './testing/books.js';

function peer(institution: string, cases: number, volume: number): PeerInput {
  return { institution, cases, volume, source: 'file' };
}

const BIG_OTHERS = [peer('P1', 10_000, 1_000_000), peer('P2', 15_000, 1_000_000), peer('P3', 30_000, 1_000_000), peer('P4', 40_000, 1_000_000)];

describe('peer percentile and statement', () => {
  it('2% among 1%, 1.5%, 3%, 4% (large books): percentile 50, interval 50–50, middling', () => {
    const a = analyzePeers([...BIG_OTHERS, peer('ME', 20_000, 1_000_000)], 'ME');
    expect(a.percentile).toBe(50);
    expect([a.percentileLower, a.percentileUpper]).toEqual([50, 50]);
    expect(a.position).toBe('middling');
    expect(a.certain).toBe(true);
    expect(a.peerMedian).toBeCloseTo(0.0225, 15);
    expect(a.statement.en).toBe('ME: middling for the industry: 2.00% vs a peer median of 2.25% across 4 peers; percentile 50 (95% interval 50–50).');
    expect(a.statement.zh).toBe('ME处于行业中等水平：2.00%，可比机构（4家）中位数 2.25%；百分位 50（95%区间 50–50）。');
  });

  it('0.5%: below every peer → percentile 0, low, and 0.5 ÷ pooled 2.375% = 0.2105 times the industry', () => {
    const a = analyzePeers([...BIG_OTHERS, peer('ME', 5_000, 1_000_000)], 'ME');
    expect(a.percentile).toBe(0);
    expect(a.position).toBe('low');
    expect(a.certain).toBe(true);
    expect(a.vsIndustry?.estimate).toBeCloseTo(0.005 / (95_000 / 4_000_000), 12);
    expect(a.vsIndustry?.pValue).toBeLessThan(1e-10);
    expect(a.statement.en.startsWith('ME: low for the industry: 0.50% vs')).toBe(true);
  });

  it('a tie counts half: 3% among 1%, 1.5%, 3%, 4% → (2 + ½) / 4 = 62.5', () => {
    const a = analyzePeers([...BIG_OTHERS, peer('ME', 30_000, 1_000_000)], 'ME');
    expect(a.percentile).toBe(62.5);
  });

  it('tiny books: the bootstrap interval spans everything and the statement says so', () => {
    const a = analyzePeers([peer('P1', 1, 100), peer('P2', 3, 100), peer('P3', 2, 100), peer('P4', 4, 100), peer('P5', 0, 100), peer('ME', 2, 100)], 'ME');
    expect(a.percentile).toBe(50);
    expect(a.percentileLower).toBeLessThan(100 / 3);
    expect(a.percentileUpper).toBeGreaterThan(200 / 3);
    expect(a.position).toBe('unclear');
    expect(a.statement.en.startsWith('ME: cannot place it among peers with confidence: 2.00% vs')).toBe(true);
  });

  it('the bootstrap is reproducible for a seed and changes with it', () => {
    const peers = [peer('P1', 8, 1000), peer('P2', 12, 1000), peer('P3', 15, 1000), peer('P4', 30, 1000), peer('ME', 14, 1000)];
    const a = analyzePeers(peers, 'ME', { seed: 7 });
    const b = analyzePeers(peers, 'ME', { seed: 7 });
    const c = analyzePeers(peers, 'ME', { seed: 8 });
    expect([a.percentileLower, a.percentileUpper]).toEqual([b.percentileLower, b.percentileUpper]);
    expect(a.percentile).toBe(50);
    expect(a.percentileLower).toBeLessThanOrEqual(50);
    expect(a.percentileUpper).toBeGreaterThanOrEqual(50);
    expect(c.method.seed).toBe(8);
  });

  it('fewer than three peers: no percentile, an honest statement', () => {
    const a = analyzePeers([peer('P1', 1, 100), peer('P2', 2, 100), peer('ME', 2, 100)], 'ME');
    expect(a.position).toBe('too_few_peers');
    expect(a.statement).toEqual({ en: 'Too few peers to compare (2; at least 3 needed).', zh: '可比机构太少（2家，至少需要3家），无法比较。' });
  });
});

describe('peer files', () => {
  it('reads Chinese headers and reports bad rows with line, column and reason', () => {
    const csv = '机构,案件数,业务量\nC,12,"1,000"\nD,-1,500\n,3,100\nE,4,0\nF,7,700\n';
    const r = parsePeerFile('peers.csv', csv);
    expect(r.peers).toEqual([
      { institution: 'C', cases: 12, volume: 1000, source: 'file' },
      { institution: 'F', cases: 7, volume: 700, source: 'file' },
    ]);
    expect(r.problems.map((p) => [p.line, p.column, p.code])).toEqual([
      [3, '案件数', 'peer.cases_invalid'],
      [4, '机构', 'peer.institution_missing'],
      [5, '业务量', 'peer.volume_invalid'],
    ]);
    expect(r.problems[0]?.file).toBe('peers.csv');
  });

  it('reads JSON arrays', () => {
    const r = parsePeerFile('peers.json', '[{"institution":"C","cases":3,"volume":100,"name":"丙"}]');
    expect(r.peers).toEqual([{ institution: 'C', cases: 3, volume: 100, source: 'file', name: '丙' }]);
  });

  it('rejects malformed JSON without throwing', () => {
    expect(parsePeerFile('p.json', '[{"institution":').problems[0]?.code).toBe('json.invalid');
  });
});

describe('computePeers on book 1', () => {
  let ws: TempWorkspace;
  beforeAll(async () => {
    ws = await openTempWorkspace();
    await buildBook1(ws.conn);
  });
  afterAll(() => ws.dispose());

  it('the store alone holds two institutions: too few peers', async () => {
    const r = await computePeers(ws.conn, { from: '2024-01-01', to: '2024-03-31', asOf: '2024-06-30', self: 'A' });
    expect(r.position).toBe('too_few_peers');
    expect(r.peers.map((p) => [p.institution, p.name, p.cases, p.volume])).toEqual([
      ['A', '甲消费金融有限公司', 3, 10],
      ['B', '乙银行股份有限公司', 3, 10],
    ]);
  });

  it('with a peer file the lender’s own figures (A: 3 ÷ 10) come from the store', async () => {
    const filePeers = [peer('C', 1, 100), peer('D', 5, 100), peer('E', 50, 100), peer('F', 80, 100)];
    const r = await computePeers(ws.conn, { from: '2024-01-01', to: '2024-03-31', asOf: '2024-06-30', self: 'A', filePeers });
    expect(r.peers.find((p) => p.isSelf)).toMatchObject({ institution: 'A', cases: 3, volume: 10, source: 'store', rate: 0.3 });
    expect(r.percentile).toBe(50);
    expect(r.definition.ref).toBe('default@1');
    expect(r.window).toEqual({ from: '2024-01-01', to: '2024-03-31', asOf: '2024-06-30' });
  });
});

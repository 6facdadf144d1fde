import { describe, expect, it } from 'vitest';
import { defaultPrefix } from './documents.rules';

const depts = [
  { id: 1, name: '邵东市公安局', shortName: '公安局' },
  { id: 2, name: '邵阳市住房公积金管理中心邵东分中心', shortName: '公积金分中心' },
  { id: 3, name: '邵东市自然资源局', shortName: '自然资源局' },
  { id: 4, name: '邵东市自来水公司', shortName: '自来水公司' },
  { id: 5, name: '邵东市行政审批服务局', shortName: '审批局' },
  { id: 6, name: '邵东市市场监督管理局', shortName: null },
];

describe('default 文号 prefix', () => {
  it.each([
    [1, '邵公安'],
    [2, '邵公积'],
    [3, '邵自然'],
    [4, '邵自来'],
    [5, '邵审'],
    [6, '邵市'],
  ])('department %i prints %s', (id, prefix) => {
    expect(defaultPrefix('邵', depts.find((d) => d.id === id)!, depts)).toBe(prefix);
  });

  it('every department of the list gets its own prefix', () => {
    const all = depts.map((d) => defaultPrefix('邵', d, depts));
    expect(new Set(all).size).toBe(all.length);
  });

  it('a department alone keeps the one-character prefix', () => {
    expect(defaultPrefix('邵', { name: '邵东市公安局', shortName: '公安局' })).toBe('邵公');
  });
});

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../src/errors.js';
import { loadVendorAliases, type VendorAliases } from '../../src/retrieve/aliases.js';
import { fixtureCorpus, shippedCorpus } from './fixtures.js';

let aliases: VendorAliases;
let scratch: string;
beforeAll(async () => {
  aliases = await loadVendorAliases(fixtureCorpus);
  scratch = await mkdtemp(path.join(tmpdir(), 'aliases-'));
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

describe('loadVendorAliases', () => {
  it('lists vendors with their names and aliases', () => {
    expect(aliases.vendors.map((vendor) => vendor.id)).toEqual([
      'alibaba-cloud',
      'bytedance',
      'huawei',
      'tencent-cloud',
      'aws',
      'kaspersky',
    ]);
    expect(aliases.vendors[0]).toEqual({
      id: 'alibaba-cloud',
      name: 'Alibaba Cloud',
      aliases: ['Aliyun', '阿里云', 'Alibaba Cloud Intelligence', 'Alibaba Group', 'Qwen', '通义千问'],
    });
  });

  it('resolves ids, names and aliases case-insensitively', () => {
    expect(aliases.resolve('Aliyun')).toBe('alibaba-cloud');
    expect(aliases.resolve('ALIYUN')).toBe('alibaba-cloud');
    expect(aliases.resolve('  alibaba   cloud ')).toBe('alibaba-cloud');
    expect(aliases.resolve('阿里云')).toBe('alibaba-cloud');
    expect(aliases.resolve('alibaba-cloud')).toBe('alibaba-cloud');
    expect(aliases.resolve('tiktok')).toBe('bytedance');
    expect(aliases.resolve('抖音')).toBe('bytedance');
    expect(aliases.resolve('Acme Cloud')).toBeUndefined();
  });

  it('expands a query with the other names of the vendors it mentions', () => {
    const result = aliases.expandQuery('Is Aliyun a security risk?');
    expect(result.vendorIds).toEqual(['alibaba-cloud']);
    expect(result.expanded).toBe(
      'Is Aliyun a security risk? Alibaba Cloud 阿里云 Alibaba Cloud Intelligence Alibaba Group Qwen 通义千问',
    );
  });

  it('finds Chinese names inside Chinese text and lists vendors in order of mention', () => {
    const result = aliases.expandQuery('阿里云和抖音的数据会传到境外吗');
    expect(result.vendorIds).toEqual(['alibaba-cloud', 'bytedance']);
    expect(result.expanded).toContain('Alibaba Cloud');
    expect(result.expanded).toContain('Aliyun');
    expect(result.expanded).toContain('TikTok');
    expect(result.expanded).not.toMatch(/阿里云.*阿里云/);
  });

  it('matches alphabetic names only as whole words', () => {
    expect(aliases.expandQuery('What do US laws say about data brokers?').vendorIds).toEqual([]);
    expect(aliases.expandQuery('Does aws store data in China?').vendorIds).toEqual(['aws']);
    expect(aliases.expandQuery('Can TikTok Technology Limited move data?').vendorIds).toEqual(['bytedance']);
  });

  it('leaves a query without vendors unchanged', () => {
    expect(aliases.expandQuery('What does Article 38 require?')).toEqual({
      expanded: 'What does Article 38 require?',
      vendorIds: [],
    });
  });

  it('loads the shipped aliases file', async () => {
    const shipped = await loadVendorAliases(shippedCorpus);
    expect(shipped.resolve('阿里云')).toBe('alibaba-cloud');
    expect(shipped.resolve('Volcano Engine')).toBe('bytedance');
  });

  it('gives empty aliases when the file is missing', async () => {
    const empty = await loadVendorAliases(scratch);
    expect(empty.vendors).toEqual([]);
    expect(empty.resolve('Aliyun')).toBeUndefined();
    expect(empty.expandQuery('Aliyun')).toEqual({ expanded: 'Aliyun', vendorIds: [] });
  });

  it('fails with invalid_config naming the file when it is invalid', async () => {
    const cases = [
      'alibaba-cloud: [unclosed\n',
      'Alibaba Cloud:\n  name: Alibaba Cloud\n',
      'acme:\n  aliases: [Acme]\n',
      'one:\n  name: One\n  aliases: [Shared]\ntwo:\n  name: Two\n  aliases: [shared]\n',
    ];
    for (const content of cases) {
      await writeFile(path.join(scratch, 'vendor-aliases.yaml'), content);
      const error = await loadVendorAliases(scratch).catch((caught: unknown) => caught);
      expect(AppError.isInstance(error), content).toBe(true);
      expect((error as AppError).code).toBe('invalid_config');
      expect((error as AppError).message).toContain(path.join(scratch, 'vendor-aliases.yaml'));
    }
  });
});

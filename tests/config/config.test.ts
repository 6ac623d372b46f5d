import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatConfigProblems, loadConfig, logLevelEnabled, logLevels } from '../../src/config.js';
import { parseArguments } from '../../src/main.js';
import { checkModelId } from '../../src/models/model-id.js';

describe('configuration', () => {
  it('runs offline with no settings at all', () => {
    const result = loadConfig({});
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.config.port).toBe(8787);
    expect(result.config.answerModel).toBe('local');
    expect(result.config.embeddingModel).toBe('local');
    expect(result.config.dataDir).toBe(path.resolve('.data'));
    expect(result.config.lancedbUri).toBe(path.join(path.resolve('.data'), 'lancedb'));
    expect(result.config.corpusDir).toBe(path.resolve('corpus'));
    expect(result.config.slack).toBeUndefined();
    expect(result.config.apiKeys).toEqual([]);
  });

  it('passes object-store URIs and their storage options through untouched', () => {
    const result = loadConfig({
      LANCEDB_URI: 's3://bucket/diligence',
      LANCEDB_STORAGE_OPTIONS: '{"region":"eu-west-1","allow_http":true}',
    });
    expect(result.ok && result.config.lancedbUri).toBe('s3://bucket/diligence');
    expect(result.ok && result.config.lancedbStorageOptions).toEqual({ region: 'eu-west-1', allow_http: 'true' });
  });

  it('lists every problem at once, each naming the variable to set', () => {
    const result = loadConfig({
      PORT: 'eighty',
      ANSWER_MODEL: 'gpt-4o',
      EMBEDDING_MODEL: 'openai:text-embedding-3-small',
      LANCEDB_STORAGE_OPTIONS: 'not json',
      SLACK_BOT_TOKEN: 'xoxb-1',
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const variables = result.problems.map((problem) => problem.variable).sort();
    expect(variables).toEqual(
      ['ANSWER_MODEL', 'LANCEDB_STORAGE_OPTIONS', 'OPENAI_API_KEY', 'PORT', 'SLACK_SIGNING_SECRET'].sort(),
    );
    const text = formatConfigProblems(result.problems);
    expect(text).toContain('ANSWER_MODEL: ANSWER_MODEL must be "local"');
    expect(text).toContain('OPENAI_API_KEY');
  });

  it('accepts an OpenAI-compatible server by base URL alone', () => {
    const result = loadConfig({ ANSWER_MODEL: 'openai:llama3.1', OPENAI_BASE_URL: 'http://127.0.0.1:11434/v1' });
    expect(result.ok && result.config.openai.baseUrl).toBe('http://127.0.0.1:11434/v1');
  });

  it('reads widget keys with their allowed origins and API keys as a list', () => {
    const result = loadConfig({
      WIDGET_KEYS: 'portal=https://portal.example|https://wiki.example/;intranet=*',
      API_KEYS: 'one, two',
    });
    expect(result.ok && result.config.widgetKeys).toEqual({
      portal: ['https://portal.example', 'https://wiki.example'],
      intranet: ['*'],
    });
    expect(result.ok && result.config.apiKeys).toEqual(['one', 'two']);
  });

  it('turns Slack on only with both secrets', () => {
    const result = loadConfig({ SLACK_SIGNING_SECRET: 's', SLACK_BOT_TOKEN: 'xoxb-1' });
    expect(result.ok && result.config.slack).toMatchObject({
      signingSecret: 's',
      botToken: 'xoxb-1',
      command: '/diligence',
    });
  });
});

describe('command line', () => {
  it('defaults to serve and lets flags override environment variables', () => {
    expect(parseArguments(['--port', '9000'])).toEqual({ command: 'serve', overrides: { PORT: '9000' }, rest: [] });
    expect(parseArguments(['search', 'cloud act', '--k', '5', '--data-dir=/tmp/x'])).toEqual({
      command: 'search',
      overrides: { DATA_DIR: '/tmp/x' },
      rest: ['cloud act', '--k', '5'],
    });
  });

  it('refuses a config flag without its value', () => {
    expect(() => parseArguments(['--port'])).toThrow('--port needs a value');
  });
});

describe('model ids and log levels', () => {
  it('accepts the model ids the config accepts and says what to use otherwise', () => {
    for (const id of ['local', 'local:extractive-v1', 'openai:gpt-4o-mini']) {
      expect(checkModelId(id)).toBeUndefined();
      expect(loadConfig({ ANSWER_MODEL: id, OPENAI_API_KEY: 'sk-test' }).ok).toBe(true);
    }
    for (const id of ['gpt-4o', 'local:Upper', 'openai:has space']) {
      expect(checkModelId(id)).toBe(`Unknown model "${id}": use "local" or "openai:<model>".`);
      expect(loadConfig({ ANSWER_MODEL: id }).ok).toBe(false);
    }
  });

  it('writes a message at its own level and every quieter one, and nothing when silent', () => {
    expect(loadConfig({ LOG_LEVEL: 'verbose' }).ok).toBe(false);
    expect(logLevels.map((configured) => logLevelEnabled(configured, 'warn'))).toEqual([
      true,
      true,
      true,
      false,
      false,
    ]);
    expect(logLevelEnabled('info', 'debug')).toBe(false);
    expect(logLevelEnabled('error', 'error')).toBe(true);
    expect(logLevelEnabled('silent', 'error')).toBe(false);
  });
});

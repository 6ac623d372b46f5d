/**
 * A local S3-compatible server for tests: `s3rver` keeps the objects, and a thin front adds the one part of the S3
 * wire protocol it lacks, conditional writes (`If-None-Match: *` answered with 412 when the object exists). LanceDB
 * commits a table version with exactly such a write; without it, concurrent commits overwrite each other (measured
 * on bare s3rver: 20 concurrent appends from two connections left 2 rows). AWS S3, MinIO, GCS and Azure all honour
 * the header, so the front makes the stand-in behave like the stores a deployment uses. It also hides an object until
 * its PUT completed, as S3 does (s3rver writes it in place while the body arrives).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import S3rver from 's3rver';

export interface FakeS3Server {
  /** `http://127.0.0.1:PORT`, the endpoint for storage options. */
  endpoint: string;
  bucket: string;
  /** `LANCEDB_STORAGE_OPTIONS` for this server. */
  storageOptions: Record<string, string>;
  close(): Promise<void>;
}

export async function startFakeS3Server(options: { bucket?: string } = {}): Promise<FakeS3Server> {
  const bucket = options.bucket ?? 'lance';
  const directory = await mkdtemp(path.join(os.tmpdir(), 'fake-s3-'));
  const store = new S3rver({
    port: 0,
    address: '127.0.0.1',
    silent: true,
    directory,
    configureBuckets: [{ name: bucket, configs: [] }],
  });
  const { port: storePort } = (await store.run()) as AddressInfo;

  // One conditional write per key at a time, so the existence check and the write are one atomic step.
  const keyLocks = new Map<string, Promise<void>>();
  // s3rver writes an object in place as its body arrives; S3 shows an object only once its PUT completed. Reads of a
  // key wait for a PUT of it in flight, so no reader sees half an object.
  const writing = new Map<string, Promise<void>>();
  const forward = (request: http.IncomingMessage, response: http.ServerResponse) => {
    const upstream = http.request(
      { host: '127.0.0.1', port: storePort, method: request.method, path: request.url, headers: request.headers },
      (reply) => {
        response.writeHead(reply.statusCode ?? 502, reply.headers);
        reply.pipe(response);
      },
    );
    upstream.on('error', (error) => response.destroy(error));
    request.pipe(upstream);
    return new Promise<void>((resolve) => response.on('close', () => resolve()));
  };
  const exists = async (url: string) => {
    const head = await fetch(`http://127.0.0.1:${storePort}${url.split('?')[0]}`, { method: 'HEAD' });
    return head.status === 200;
  };
  const front = http.createServer((request, response) => {
    const key = (request.url ?? '').split('?')[0]!;
    if (request.method === 'GET' || request.method === 'HEAD') {
      void (writing.get(key) ?? Promise.resolve()).then(() => forward(request, response));
      return;
    }
    if (request.method === 'PUT') {
      const done = new Promise<void>((resolve) => response.on('close', () => resolve()));
      writing.set(key, done);
      void done.then(() => {
        if (writing.get(key) === done) writing.delete(key);
      });
    }
    const conditional = request.method === 'PUT' && request.headers['if-none-match'] === '*';
    if (!conditional) {
      void forward(request, response);
      return;
    }
    const previous = keyLocks.get(key) ?? Promise.resolve();
    const turn = previous.then(async () => {
      if (await exists(key)) {
        request.resume();
        response.writeHead(412, { 'content-type': 'application/xml' });
        response.end(
          '<?xml version="1.0" encoding="UTF-8"?><Error><Code>PreconditionFailed</Code>' +
            '<Message>At least one of the pre-conditions you specified did not hold</Message></Error>',
        );
        return;
      }
      await forward(request, response);
    });
    const settled = turn.catch(() => {});
    keyLocks.set(key, settled);
    void settled.then(() => {
      if (keyLocks.get(key) === settled) keyLocks.delete(key);
    });
  });
  await new Promise<void>((resolve) => front.listen(0, '127.0.0.1', () => resolve()));
  const endpoint = `http://127.0.0.1:${(front.address() as AddressInfo).port}`;
  return {
    endpoint,
    bucket,
    storageOptions: {
      endpoint,
      allow_http: 'true',
      aws_access_key_id: 'S3RVER',
      aws_secret_access_key: 'S3RVER',
      region: 'us-east-1',
    },
    async close() {
      front.closeAllConnections();
      await new Promise<void>((resolve) => front.close(() => resolve()));
      await store.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}

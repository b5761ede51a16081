import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { type Emulators, LOCAL_NAMES, startEmulators } from '../../../local/emulators';
import { AUDIO_FORMATS } from '../../../shared/recordings/format';
import { HttpRecordingSource } from '../../../shared/recordings/s3-recording-source';
import { checkSourceUrl, type SourcePolicy } from '../../../shared/recordings/source-policy';
import { pdfFile, wavFile } from '../../support/audio';
import { TEST_PEPPER, TEST_SECRET } from '../../support/webhooks';
import { redirect, serve, startProviderServer } from './provider-server';

const KEY = 'recordings/call-0123456789abcdef0123456789abcdef/2026-01-31-1.wav';
const wav = wavFile(3);
const big = wavFile(40); // 640 KB
const huge = wavFile(400); // 6.4 MB: more than one 5 MiB part, so a multipart upload

describe('pulling a recording from a provider into S3 (HttpRecordingSource)', () => {
  let emulators: Emulators;
  let tmp: string;
  let s3: S3Client;
  let provider: Awaited<ReturnType<typeof startProviderServer>>;
  let trusted: SourcePolicy;

  const source = (policy: SourcePolicy, maxBytes = 10 * 1024 * 1024) =>
    new HttpRecordingSource({ s3, bucket: LOCAL_NAMES.bucket, policy, maxBytes, partSize: 5 * 1024 * 1024 });
  const pull = (policy: SourcePolicy, path: string, maxBytes?: number) =>
    source(policy, maxBytes).pull(checkSourceUrl(provider.url(path), policy), () => KEY);
  const storedKeys = async () =>
    ((await s3.send(new ListObjectsV2Command({ Bucket: LOCAL_NAMES.bucket }))).Contents ?? []).map(
      (o) => o.Key,
    );

  beforeAll(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'recordings-source-'));
    emulators = await startEmulators({ s3Dir: tmp, webhookSecret: TEST_SECRET, pepper: TEST_PEPPER });
    s3 = new S3Client({
      endpoint: emulators.env.AWS_ENDPOINT_URL_S3,
      region: 'eu-north-1',
      forcePathStyle: true,
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    });
    provider = await startProviderServer({
      '/call.wav': serve(wav),
      '/call-chunked.wav': serve(wav, 'audio/wav', { chunked: true }),
      '/notes.pdf': serve(pdfFile(), 'application/pdf'),
      '/big.wav': serve(big),
      '/big-chunked.wav': serve(big, 'audio/wav', { chunked: true }),
      '/huge-chunked.wav': serve(huge, 'audio/wav', { chunked: true }),
      '/to-elsewhere': redirect('https://attacker.example/steal'),
      '/to-metadata': redirect('http://169.254.169.254/latest/meta-data/'),
      '/flaky.wav': (res) => res.writeHead(503).end(),
      '/gone.wav': (res) => res.writeHead(404).end(),
    });
    trusted = { allowedHosts: [], trustedLocalEndpoints: [provider.endpoint] };
  });

  afterAll(async () => {
    await provider.close();
    s3.destroy();
    await emulators.stop();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('streams a real WAV into the bucket byte for byte, named by its sniffed format', async () => {
    // Act
    const keys: string[] = [];
    const pulled = await source(trusted).pull(
      checkSourceUrl(provider.url('/call.wav'), trusted),
      (format) => {
        keys.push(format.ext);
        return KEY;
      },
    );

    // Assess
    expect(pulled).toEqual({ key: KEY, size: wav.length, format: 'wav' });
    expect(keys).toEqual([AUDIO_FORMATS.wav.ext]);
    const object = await s3.send(new GetObjectCommand({ Bucket: LOCAL_NAMES.bucket, Key: KEY }));
    const bytes = Buffer.from(
      await (object.Body as { transformToByteArray(): Promise<Uint8Array> }).transformToByteArray(),
    );
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(
      createHash('sha256').update(wav).digest('hex'),
    );
    expect(object.ContentType).toBe('audio/wav');
  });

  it('streams a recording sent without Content-Length (chunked)', async () => {
    await expect(pull(trusted, '/call-chunked.wav')).resolves.toMatchObject({
      size: wav.length,
      format: 'wav',
    });
  });

  it('N17: the default policy refuses loopback even when the host name is allow-listed', async () => {
    // Prepare: "localhost" is on the allow-list, but it resolves to 127.0.0.1 / ::1.
    // The test server cannot listen on 443, and the URL check now refuses any other port, so
    // the connect-time guard is exercised with the URL as it would be after that check.
    const policy: SourcePolicy = { allowedHosts: ['localhost'] };
    const raw = `https://localhost:${provider.port}/call.wav`;
    expect(() => checkSourceUrl(raw, policy)).toThrow(`must use port 443, got ${provider.port}`);
    const url = new URL(raw);

    // Act / Assess
    await expect(source(policy).pull(url, () => KEY)).rejects.toMatchObject({
      name: 'SourceRefusedError',
      message: expect.stringMatching(/host localhost resolves to .*which is not a public address/),
    });
    expect(provider.hits('/call.wav')).toBe(1); // only the trusted test above reached the server
  });

  it('rejects a redirect to a host that is not on the allow-list', async () => {
    await expect(pull(trusted, '/to-elsewhere')).rejects.toMatchObject({
      name: 'SourceRefusedError',
      message: expect.stringContaining(
        'redirect target host attacker.example is not on the recording source allow-list',
      ),
    });
  });

  it('rejects a redirect to the instance metadata address 169.254.169.254', async () => {
    const policy: SourcePolicy = { ...trusted, allowedHosts: ['169.254.169.254'] };
    await expect(pull(policy, '/to-metadata')).rejects.toMatchObject({
      name: 'SourceRefusedError',
      message: expect.stringMatching(
        /redirect target (must use https|address 169\.254\.169\.254 is not a public address)/,
      ),
    });
  });

  it('rejects bytes that are not audio before anything is stored', async () => {
    const before = await storedKeys();
    await expect(
      source(trusted).pull(
        checkSourceUrl(provider.url('/notes.pdf'), trusted),
        () => 'recordings/x/never.pdf',
      ),
    ).rejects.toMatchObject({
      name: 'NotAudioError',
      message: 'not a supported audio recording: a PDF document, not audio',
    });
    expect(await storedKeys()).toEqual(before);
  });

  it('rejects a recording over the size cap announced by Content-Length', async () => {
    await expect(pull(trusted, '/big.wav', 300_000)).rejects.toMatchObject({
      name: 'RecordingTooLargeError',
      message: `recording is larger than the 300000-byte limit (at least ${big.length} bytes)`,
    });
  });

  it('rejects a recording over the size cap while streaming when no length is announced', async () => {
    const key = 'recordings/call-0123456789abcdef0123456789abcdef/2026-01-31-2.wav';
    await expect(
      source(trusted, 300_000).pull(checkSourceUrl(provider.url('/big-chunked.wav'), trusted), () => key),
    ).rejects.toMatchObject({
      name: 'RecordingTooLargeError',
      message: expect.stringContaining('300000-byte limit'),
    });
    expect(await storedKeys()).not.toContain(key);
  });

  it('fails transiently on a provider 5xx (retried) and permanently on a 404', async () => {
    await expect(pull(trusted, '/flaky.wav')).rejects.toMatchObject({
      name: 'SourceFetchError',
      transient: true,
    });
    await expect(pull(trusted, '/gone.wav')).rejects.toMatchObject({
      name: 'SourceFetchError',
      transient: false,
      message: 'provider 127.0.0.1 answered 404',
    });
  });

  it('N9: writes create-only (If-None-Match: * on the PUT and on CompleteMultipartUpload); a 412 counts as stored', async () => {
    // Prepare: an S3 client that records the conditional header of each write, and answers a
    // conditional write to an existing key with 412 the way S3 does (s3rver does not enforce it).
    const sent: { command: string; ifNoneMatch?: string }[] = [];
    const conditional = new S3Client({
      endpoint: emulators.env.AWS_ENDPOINT_URL_S3,
      region: 'eu-north-1',
      forcePathStyle: true,
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    });
    conditional.middlewareStack.add(
      (next, context) => async (args) => {
        const headers = (args.request as { headers: Record<string, string> }).headers;
        const command = String(context.commandName);
        if (command === 'PutObjectCommand' || command === 'CompleteMultipartUploadCommand') {
          sent.push({ command, ifNoneMatch: headers['if-none-match'] });
          const input = args.input as { Key: string };
          const exists = (await storedKeys()).includes(input.Key);
          if (exists && headers['if-none-match'] === '*') {
            throw Object.assign(new Error('At least one of the pre-conditions you specified did not hold'), {
              name: 'PreconditionFailed',
              $metadata: { httpStatusCode: 412 },
            });
          }
        }
        return next(args);
      },
      { step: 'finalizeRequest', name: 'recordConditionalWrites' },
    );
    const create = (path: string, key: string) =>
      new HttpRecordingSource({
        s3: conditional,
        bucket: LOCAL_NAMES.bucket,
        policy: trusted,
        maxBytes: 10 * 1024 * 1024,
        partSize: 5 * 1024 * 1024,
      }).pull(checkSourceUrl(provider.url(path), trusted), () => key);
    const smallKey = KEY.replace('-1.wav', '-21.wav');
    const bigKey = KEY.replace('-1.wav', '-22.wav');

    // Act
    const small = await create('/call.wav', smallKey);
    const multipart = await create('/huge-chunked.wav', bigKey);
    const again = await create('/call.wav', smallKey);

    // Assess
    expect(sent.map((s) => s.ifNoneMatch)).toEqual(['*', '*', '*']);
    expect(sent.map((s) => s.command)).toEqual([
      'PutObjectCommand',
      'CompleteMultipartUploadCommand',
      'PutObjectCommand',
    ]);
    expect(small).toEqual({ key: smallKey, size: wav.length, format: 'wav' });
    expect(multipart).toEqual({ key: bigKey, size: huge.length, format: 'wav' });
    expect(again).toEqual(small); // 412: the key holds the recording already; not an error
    conditional.destroy();
  });
});

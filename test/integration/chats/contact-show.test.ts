import { startSystem } from '../../support/local-system';
import { postSigned } from '../../support/webhooks';
import { newChat } from './fixtures';

/** Reading chats back through the ops API the CLI's `contact show` uses (N5, N7, N13, N16). */
let system: Awaited<ReturnType<typeof startSystem>>;
beforeAll(async () => {
  system = await startSystem();
}, 60_000);
afterAll(async () => system.close(), 60_000);

const ops = async (method: string, path: string, body?: unknown) => {
  const response = await fetch(`${system.url}${path}`, {
    method,
    headers: { 'content-type': 'application/json', 'x-ops-user': 'carol' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
};

describe('contact show for a chat', () => {
  it('N5: shows the chat metadata and its transcript in sequence order', async () => {
    // Prepare: messages delivered backwards
    const chat = newChat({ channel: 'chatbot', origin: 'vero-chatbot' });
    const url = `${system.url}/webhooks/acme-cc/chats`;
    await postSigned(url, chat.started({ nickname: 'Liisa 🌸' }));
    for (const seq of [2, 1, 0]) {
      await postSigned(
        url,
        seq === 1 ? chat.agentMessage(seq, `viesti ${seq}`) : chat.message(seq, `viesti ${seq}`),
      );
    }
    await postSigned(url, chat.ended());
    // Act
    const shown = await ops('GET', `/ops/contacts/${chat.contactId}?reason=quality%20review`);
    // Assess
    expect(shown.status).toBe(200);
    expect(shown.body).toMatchObject({
      kind: 'chat',
      contactId: chat.contactId,
      channel: 'chatbot',
      origin: 'vero-chatbot',
      nickname: 'Liisa 🌸',
      agents: ['Aino Agentti'],
      startedAt: chat.startedAt,
      endedAt: chat.endedAt,
    });
    expect((shown.body.transcript as { seq: number; text: string }[]).map((m) => [m.seq, m.text])).toEqual([
      [0, 'viesti 0'],
      [1, 'viesti 1'],
      [2, 'viesti 2'],
    ]);
  });

  it('N16: finds the chat by the nickname the customer gave, however it is capitalised or spaced', async () => {
    const chat = newChat();
    await postSigned(`${system.url}/webhooks/acme-cc/chats`, chat.started({ nickname: 'Pekka  Puupää' }));

    const found = await ops('POST', '/ops/subjects/search', {
      nickname: ' pekka puupää ',
      reason: 'GDPR art. 15 request R-7',
    });

    expect(found.status).toBe(200);
    expect(JSON.stringify(found.body)).toContain(chat.contactId);
  });

  it('rejects an unknown chat id with 404', async () => {
    const res = await ops('GET', `/ops/contacts/${newChat().contactId}?reason=check`);

    expect(res.status).toBe(404);
    expect(JSON.stringify(res.body)).toContain('was not found');
  });
});

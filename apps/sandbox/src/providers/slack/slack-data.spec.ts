import {
  SLACK_SANDBOX_USER,
  SLACK_TEAM,
  type SlackConversation,
  type SlackMessage,
  SlackWorkspace,
  tsMicros,
  tsString,
} from './slack-data';

const TS = /^\d{10}\.\d{6}$/;
const allMessages = (data: SlackWorkspace) =>
  data.channels.flatMap((c) => data.history(c.id).map((m) => ({ channel: c.id, message: m })));
const snapshot = (data: SlackWorkspace) => JSON.stringify(data.channels.map((c) => [c, data.history(c.id)]));

describe('SlackWorkspace', () => {
  it('should generate the same workspace for the same seed, other messages for another', () => {
    expect(snapshot(new SlackWorkspace(1))).toBe(snapshot(new SlackWorkspace(1)));
    const other = new SlackWorkspace(2);
    expect(other.channels).toEqual(new SlackWorkspace(1).channels);
    expect(snapshot(other)).not.toBe(snapshot(new SlackWorkspace(1)));
  });

  it('should have 8 channels: public and private, one archived, one the user is not in', () => {
    const { channels } = new SlackWorkspace();
    expect(channels).toHaveLength(8);
    expect(new Set(channels.map((c) => c.id)).size).toBe(8);
    expect(channels.map((c) => c.id)).toEqual([...channels.map((c) => c.id)].sort());
    expect(channels.filter((c) => c.is_private).map((c) => c.name)).toEqual(['design-reviews', 'incidents']);
    expect(channels.filter((c) => c.is_archived).map((c) => c.name)).toEqual(['old-website']);
    expect(channels.filter((c) => !c.is_member).map((c) => c.name)).toEqual(['sales-emea']);
    expect(channels.filter((c) => c['is_general']).map((c) => c.name)).toEqual(['general']);
    for (const channel of channels) {
      expect(channel.id).toMatch(/^C[A-Z0-9]{10}$/);
      expect(channel).toMatchObject({
        is_channel: true,
        is_im: false,
        is_mpim: false,
        name_normalized: channel.name,
        context_team_id: SLACK_TEAM.id,
        topic: { value: expect.any(String), creator: expect.stringMatching(/^U/), last_set: expect.any(Number) },
        purpose: { value: expect.any(String), creator: expect.stringMatching(/^U/), last_set: expect.any(Number) },
        num_members: expect.any(Number),
      });
    }
  });

  it('should give every channel 40 to 80 messages with unique, increasing, realistic ts values', () => {
    const data = new SlackWorkspace();
    for (const channel of data.channels) {
      const messages = data.history(channel.id);
      expect({ channel: channel.name, count: messages.length >= 40 && messages.length <= 80 }).toEqual({
        channel: channel.name,
        count: true,
      });
      const stamps = messages.map((m) => m.ts);
      expect(stamps.every((ts) => TS.test(ts))).toBe(true);
      expect(stamps.every((ts, i) => i === 0 || tsMicros(ts) > tsMicros(stamps[i - 1]))).toBe(true);
      // 2021 to mid-2025.
      for (const ts of [stamps[0], stamps.at(-1) as string]) {
        expect(Number(ts.split('.')[0])).toBeGreaterThan(Date.UTC(2021, 0, 1) / 1000);
        expect(Number(ts.split('.')[0])).toBeLessThanOrEqual(Date.UTC(2025, 5, 2, 16) / 1000);
      }
    }
    expect(data.summary()).toMatchObject({ channels: 8, memberChannels: 7 });
  });

  it('should shape messages as conversations.history does: joins, topics, bots, threads, edit, reactions', () => {
    const data = new SlackWorkspace();
    const messages = allMessages(data).map((entry) => entry.message);
    for (const channel of data.channels) {
      expect(data.history(channel.id)[0]).toMatchObject({ type: 'message', subtype: 'channel_join' });
      expect(data.history(channel.id)[1]).toMatchObject({
        subtype: 'channel_topic',
        topic: (channel['topic'] as { value: string }).value,
      });
    }
    const archived = data.channels.find((c) => c.is_archived) as SlackConversation;
    expect(data.history(archived.id).at(-1)).toMatchObject({ subtype: 'channel_archive' });
    const bots = messages.filter((m) => m['subtype'] === 'bot_message');
    expect(bots.length).toBeGreaterThan(3);
    for (const bot of bots) {
      expect(bot).toEqual({
        type: 'message',
        subtype: 'bot_message',
        text: expect.any(String),
        ts: bot.ts,
        bot_id: expect.stringMatching(/^B/),
        username: expect.any(String),
      });
    }
    const plain = messages.filter((m) => m['subtype'] === undefined);
    for (const message of plain) {
      expect(message).toMatchObject({
        type: 'message',
        user: expect.stringMatching(/^U/),
        text: expect.any(String),
        client_msg_id: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/),
        team: SLACK_TEAM.id,
        blocks: [
          {
            type: 'rich_text',
            elements: [{ type: 'rich_text_section', elements: [{ type: 'text', text: message.text }] }],
          },
        ],
      });
      expect(message.text).not.toMatch(/\{(mention|sha|n)\}/);
    }
    const threads = plain.filter((m) => m['reply_count'] !== undefined);
    expect(threads.length).toBeGreaterThan(10);
    for (const parent of threads) {
      expect(parent['thread_ts']).toBe(parent.ts);
      expect(tsMicros(parent['latest_reply'] as string)).toBeGreaterThan(tsMicros(parent.ts));
      expect(parent['reply_users_count']).toBe((parent['reply_users'] as string[]).length);
    }
    expect(plain.filter((m) => m['reactions']).length).toBeGreaterThan(10);
    const edited = plain.filter((m) => m['edited']);
    expect(edited.length).toBeGreaterThan(0);
    for (const m of edited) expect(tsMicros((m['edited'] as { ts: string }).ts)).toBeGreaterThan(tsMicros(m.ts));
  });

  it('should convert ts values to microseconds and back exactly', () => {
    expect(tsMicros('1512085861.000543')).toBe(1512085861000543n);
    expect(tsMicros('1512085861')).toBe(1512085861000000n);
    expect(tsMicros('1512085861.5')).toBe(1512085861500000n);
    expect(tsString(1512085861000543n)).toBe('1512085861.000543');
  });
});

describe('SlackWorkspace.mutate', () => {
  const byId = (data: SlackWorkspace) =>
    new Map(allMessages(data).map(({ channel, message }) => [`${channel}:${message.ts}`, message] as const));

  it('should add newer messages, edit older ones in place, deletes others, and answer what an incremental sync sees', () => {
    const data = new SlackWorkspace();
    const before = byId(data);
    const newestBefore = [...before.values()].reduce((max, m) => (tsMicros(m.ts) > max ? tsMicros(m.ts) : max), 0n);
    const expected = data.mutate({ added: 2, updated: 1, deleted: 1 });
    expect(expected).toEqual({
      channels: { added: 0, updated: 0, deleted: 0 },
      messages: { added: 2, updated: 0, deleted: 0 },
    });
    const after = byId(data);
    const added = [...after.keys()].filter((id) => !before.has(id));
    const deleted = [...before.keys()].filter((id) => !after.has(id));
    const edited = [...after.keys()].filter(
      (id) => before.has(id) && JSON.stringify(before.get(id)) !== JSON.stringify(after.get(id)),
    );
    expect([added.length, edited.length, deleted.length]).toEqual([2, 1, 1]);
    const member = new Set(data.channels.filter((c) => c.is_member && !c.is_archived).map((c) => c.id));
    for (const id of added) {
      expect(member.has(id.split(':')[0])).toBe(true);
      expect(tsMicros((after.get(id) as SlackMessage).ts)).toBeGreaterThan(newestBefore);
    }
    const [was, now] = [before.get(edited[0]) as SlackMessage, after.get(edited[0]) as SlackMessage];
    expect(now.ts).toBe(was.ts);
    expect(now.text).not.toBe(was.text);
    expect(tsMicros((now['edited'] as { ts: string }).ts)).toBeGreaterThan(newestBefore);
    expect(now['blocks']).toEqual([
      expect.objectContaining({
        elements: [{ type: 'rich_text_section', elements: [{ type: 'text', text: now.text }] }],
      }),
    ]);
    expect(before.get(deleted[0])?.['reply_count']).toBeUndefined();
    // Channels keep their order and objects.
    expect(data.channels).toEqual(new SlackWorkspace().channels);
  });

  it('should be deterministic, and each call changes other messages', () => {
    const a = new SlackWorkspace(3);
    const b = new SlackWorkspace(3);
    a.mutate({ added: 5, updated: 5, deleted: 5 });
    b.mutate({ added: 5, updated: 5, deleted: 5 });
    expect(snapshot(a)).toBe(snapshot(b));
    const before = byId(a);
    a.mutate({ added: 5, updated: 5, deleted: 5 });
    const after = byId(a);
    expect([...after.keys()].filter((id) => !before.has(id))).toHaveLength(5);
    expect([...before.keys()].filter((id) => !after.has(id))).toHaveLength(5);
  });

  it('should date each change after every earlier one, also across calls', () => {
    const data = new SlackWorkspace();
    const newest = () =>
      allMessages(data).reduce((max, { message }) => (tsMicros(message.ts) > max ? tsMicros(message.ts) : max), 0n);
    data.mutate({ added: 3, updated: 0, deleted: 0 });
    const afterFirst = newest();
    data.mutate({ added: 0, updated: 2, deleted: 0 });
    const edits = allMessages(data)
      .map(({ message }) => (message['edited'] as { ts: string } | undefined)?.ts)
      .filter((ts): ts is string => ts !== undefined && tsMicros(ts) > afterFirst);
    expect(edits).toHaveLength(2);
    data.mutate({ added: 1, updated: 0, deleted: 0 });
    for (const ts of edits) expect(newest()).toBeGreaterThan(tsMicros(ts));
  });

  it('should refuse to edit or delete more messages than exist, changing nothing', () => {
    const data = new SlackWorkspace();
    const before = snapshot(data);
    expect(() => data.mutate({ added: 0, updated: 1000, deleted: 0 })).toThrow(RangeError);
    expect(() => data.mutate({ added: 0, updated: 0, deleted: 1000 })).toThrow(RangeError);
    expect(snapshot(data)).toBe(before);
  });

  it('should only touch channels the user is in', () => {
    const data = new SlackWorkspace();
    const outside = data.channels.find((c) => !c.is_member) as SlackConversation;
    const before = JSON.stringify(data.history(outside.id));
    data.mutate({ added: 50, updated: 50, deleted: 50 });
    expect(JSON.stringify(data.history(outside.id))).toBe(before);
    expect(SLACK_SANDBOX_USER.id).toMatch(/^U/);
  });
});

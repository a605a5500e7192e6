import { MICROSOFT_PERSONAS } from '../microsoft-common/personas';
import { type ChannelData, TEAMS_NOW, TEAMS_RECENT_THREAD_DAYS, TeamsDataset } from './microsoft-teams-data';

const DAY = 86_400_000;
const dataset = (posts = 40, seed = 1) => new TeamsDataset({ posts, seed });
const memberChannels = (data: TeamsDataset) => data.teamsOf(MICROSOFT_PERSONAS.member).flatMap((t) => t.channels);
const everyMessage = (data: TeamsDataset) =>
  memberChannels(data).flatMap((channel) => [...data.postsOf(channel), ...[...channel.replies.values()].flat()]);
const fullRound = (data: TeamsDataset, channel: ChannelData) =>
  data.deltaPage(channel, { kind: 'start', upTo: channel.posts.seq }, -1, 10_000).posts;

describe('the generated tenant', () => {
  it('should give the member three teams and the admin four, and a personal account none', () => {
    const data = dataset();
    expect(data.teamsOf(MICROSOFT_PERSONAS.member).map((t) => t.displayName)).toEqual([
      'Mark 8 Project Team',
      'Sales and Marketing',
      'Contoso Sandbox',
    ]);
    expect(data.teamsOf(MICROSOFT_PERSONAS.admin)).toHaveLength(4);
    expect(data.teamsOf(MICROSOFT_PERSONAS.personal)).toEqual([]);
    expect(memberChannels(data).map((c) => [c.displayName, c.membershipType])).toEqual([
      ['General', 'standard'],
      ['Design', 'private'],
      ['General', 'standard'],
      ['General', 'standard'],
    ]);
    for (const channel of memberChannels(data)) expect(channel.id).toMatch(/^19:[0-9a-f]{32}@thread\.tacv2$/);
  });

  it('should be the same for the same seed and differ for another', () => {
    const ids = (data: TeamsDataset) => everyMessage(data).map((m) => `${m.id}:${m.content}`);
    expect(ids(dataset())).toEqual(ids(dataset()));
    expect(ids(dataset(40, 2))).not.toEqual(ids(dataset()));
    expect(dataset(40, 2).teamsOf(MICROSOFT_PERSONAS.member)[0].id).not.toBe(
      dataset().teamsOf(MICROSOFT_PERSONAS.member)[0].id,
    );
  });

  it('should keep ids as creation milliseconds, unique in a channel, and replies after their post', () => {
    const data = dataset();
    for (const channel of memberChannels(data)) {
      const posts = data.postsOf(channel);
      expect(posts).toHaveLength(40);
      const ids = [...posts, ...[...channel.replies.values()].flat()].map((m) => m.id);
      expect(new Set(ids).size).toBe(ids.length);
      for (const post of posts) {
        expect(post.id).toBe(String(post.createdMs));
        for (const reply of channel.replies.get(post.id) ?? []) {
          expect(reply.replyTo).toBe(post.id);
          expect(reply.createdMs).toBeGreaterThan(post.createdMs);
          expect(reply.createdMs).toBeLessThan(TEAMS_NOW);
        }
      }
    }
  });

  it('should have posts older than eight months, which delta leaves out', () => {
    const data = dataset();
    const channel = memberChannels(data)[0];
    const all = data.postsOf(channel);
    const delta = fullRound(data, channel);
    expect(data.horizon()).toBe(Date.UTC(2024, 9, 1, 12, 0, 0));
    expect(all.some((post) => post.createdMs < data.horizon())).toBe(true);
    expect(delta.length).toBeLessThan(all.length);
    expect(delta.every((post) => post.createdMs >= data.horizon())).toBe(true);
    expect(data.state()['postsBeyondDeltaHorizon']).toBeGreaterThan(0);
  });

  it('should give every channel threads active in the last week, with soft-deleted and edited messages among the rest', () => {
    const data = dataset();
    for (const channel of memberChannels(data)) {
      const recent = data.postsOf(channel).filter((post) => post.createdMs > TEAMS_NOW - 7 * DAY);
      expect(recent.length).toBeGreaterThanOrEqual(3);
      for (const post of recent) expect(channel.replies.get(post.id)?.length).toBeGreaterThan(0);
    }
    const messages = everyMessage(data);
    expect(messages.some((m) => m.deletedMs !== null)).toBe(true);
    expect(messages.some((m) => m.editedMs !== null && m.deletedMs === null)).toBe(true);
  });

  it('should refuse a size it cannot hold', () => {
    expect(() => dataset(-1)).toThrow(RangeError);
    expect(() => dataset(5001)).toThrow(RangeError);
    expect(() => dataset(0)).not.toThrow();
  });
});

describe('mutate', () => {
  it('should answer exactly the changes made, none before a change', () => {
    const data = dataset();
    expect(data.expected()).toEqual({ added: 0, updated: 0, deleted: 0 });
    expect(data.mutate({ added: 4, updated: 3, deleted: 2 })).toEqual({ added: 4, updated: 3, deleted: 2 });
  });

  it('should add up several mutations before a sync, each message changed once', () => {
    const data = dataset();
    data.mutate({ added: 2, updated: 1, deleted: 1 });
    expect(data.mutate({ added: 1, updated: 2, deleted: 1 })).toEqual({ added: 3, updated: 3, deleted: 2 });
    data.issue();
    expect(data.expected()).toEqual({ added: 0, updated: 0, deleted: 0 });
    expect(data.mutate({ updated: 1, added: 0, deleted: 0 })).toEqual({ added: 0, updated: 1, deleted: 0 });
  });

  it('should not bring a post into delta when only a reply to it changes, as Graph does', () => {
    const data = dataset();
    const seqs = () => memberChannels(data).map((channel) => channel.posts.seq);
    const before = seqs();
    const repliesBefore = memberChannels(data).map((channel) => [...channel.replies.values()].flat().length);
    // Enough changes that some are replies: posts change the ledger, replies do not.
    const answer = data.mutate({ added: 20, updated: 0, deleted: 0 });
    const repliesAdded = memberChannels(data).reduce(
      (sum, channel, i) => sum + [...channel.replies.values()].flat().length - repliesBefore[i],
      0,
    );
    const postsAdded = seqs().reduce((sum, seq, i) => sum + seq - before[i], 0);
    expect(repliesAdded).toBeGreaterThan(0);
    expect(postsAdded + repliesAdded).toBe(answer.added);
  });

  it('should change replies only in recent threads, and only channels of teams every work persona is in', () => {
    const data = dataset();
    const admins = data.teamsOf(MICROSOFT_PERSONAS.admin).find((t) => t.displayName === 'IT Admins');
    const adminOnly = admins?.channels[0] as ChannelData;
    const adminSeq = adminOnly.posts.seq;
    data.mutate({ added: 30, updated: 30, deleted: 30 });
    expect(adminOnly.posts.seq).toBe(adminSeq);
    for (const channel of memberChannels(data)) {
      const newest = Math.max(...data.postsOf(channel).map((post) => data.activityOf(channel, post)));
      for (const post of data.postsOf(channel)) {
        for (const reply of channel.replies.get(post.id) ?? []) {
          if (reply.lastSeq === 0) continue;
          expect(data.activityOf(channel, post)).toBeGreaterThanOrEqual(newest - (TEAMS_RECENT_THREAD_DAYS + 1) * DAY);
        }
      }
    }
  });

  it('should soft-delete: the message stays, with its deletion time', () => {
    const data = dataset();
    data.mutate({ added: 0, updated: 0, deleted: 6 });
    const gone = everyMessage(data).filter((m) => m.lastSeq > 0);
    expect(gone).toHaveLength(6);
    for (const message of gone) expect(message.deletedMs).toEqual(expect.any(Number));
  });

  it('should refuse counts out of range, and reset to the start-up tenant', () => {
    const data = dataset();
    const start = JSON.stringify(data.state());
    expect(() => data.mutate({ added: 1001, updated: 0, deleted: 0 })).toThrow(RangeError);
    expect(() => data.mutate({ added: 1.5, updated: 0, deleted: 0 })).toThrow(RangeError);
    data.mutate({ added: 3, updated: 3, deleted: 3 });
    expect(JSON.stringify(data.state())).not.toBe(start);
    data.reset();
    expect(JSON.stringify(data.state())).toBe(start);
    expect(data.now()).toBe(TEAMS_NOW);
  });
});

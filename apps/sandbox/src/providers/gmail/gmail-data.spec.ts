import { GMAIL_LABELS, GMAIL_MAX_MESSAGES, GmailMailbox, type GmailMessageState } from './gmail-data';

const ADDRESS = 'sandbox@example.com';
const header = (message: GmailMessageState, name: string) => message.headers.find((h) => h.name === name)?.value;
const LABEL_IDS = new Set(GMAIL_LABELS.map((label) => label.id));

describe('GmailMailbox', () => {
  it('should generate the same mailbox for the same seed, another for another seed', () => {
    expect(new GmailMailbox(ADDRESS, 200).list()).toEqual(new GmailMailbox(ADDRESS, 200).list());
    expect(new GmailMailbox(ADDRESS, 200, 2).list().map((m) => m.id)).not.toEqual(
      new GmailMailbox(ADDRESS, 200, 1).list().map((m) => m.id),
    );
  });

  it('should hold the asked-for number of messages in fewer threads, newest first, ids growing with time', () => {
    const mailbox = new GmailMailbox(ADDRESS, 200);
    const messages = mailbox.list();
    expect(messages).toHaveLength(200);
    expect(new Set(messages.map((m) => m.id)).size).toBe(200);
    const threads = new Set(messages.map((m) => m.threadId));
    expect(threads.size).toBeLessThan(180);
    expect(threads.size).toBeGreaterThan(50);
    for (let i = 1; i < messages.length; i++) {
      expect(messages[i].internalDate).toBeLessThanOrEqual(messages[i - 1].internalDate);
      expect(BigInt(`0x${messages[i].id}`) < BigInt(`0x${messages[i - 1].id}`)).toBe(true);
    }
    expect(mailbox.profile()).toEqual({
      emailAddress: ADDRESS,
      messagesTotal: 200,
      threadsTotal: threads.size,
      historyId: mailbox.historyId,
    });
  });

  it('should shape each message like Gmail: 16 hex digit ids, known labels, the headers a mail has', () => {
    const messages = new GmailMailbox(ADDRESS, 200).list();
    for (const message of messages) {
      expect(message.id).toMatch(/^[0-9a-f]{16}$/);
      expect(message.labelIds.every((label) => LABEL_IDS.has(label))).toBe(true);
      expect(message.labelIds.some((label) => label === 'INBOX' || label === 'SENT')).toBe(true);
      expect(message.labelIds).not.toContain('TRASH');
      for (const name of ['From', 'To', 'Subject', 'Date', 'Message-ID'])
        expect(header(message, name)).toEqual(expect.any(String));
      expect(Date.parse(header(message, 'Date') as string)).toBe(message.internalDate);
      expect(message.snippet.length).toBeGreaterThan(10);
      expect(message.sizeEstimate).toBeGreaterThanOrEqual(2000);
    }
    // Replies carry "Re:" and belong to their thread's first message.
    const replies = messages.filter((m) => m.threadId !== m.id);
    expect(replies.length).toBeGreaterThan(20);
    for (const reply of replies) expect(header(reply, 'Subject')).toMatch(/^Re: /);
    // The owner sends some of them.
    expect(messages.filter((m) => m.labelIds.includes('SENT')).length).toBeGreaterThan(0);
    expect(messages.some((m) => header(m, 'Cc'))).toBe(true);
  });

  it('should give every message a history id at or below the mailbox’s, and start with an empty history', () => {
    const mailbox = new GmailMailbox(ADDRESS, 200);
    expect(mailbox.list().every((m) => BigInt(m.historyId) <= BigInt(mailbox.historyId))).toBe(true);
    expect(mailbox.historySince(Number(mailbox.historyId))).toEqual([]);
    expect(mailbox.historySince(Number(mailbox.historyId) - 1)).toBeUndefined();
  });

  it('should refuse sizes it does not hold', () => {
    expect(() => new GmailMailbox(ADDRESS, -1)).toThrow(RangeError);
    expect(() => new GmailMailbox(ADDRESS, GMAIL_MAX_MESSAGES + 1)).toThrow(RangeError);
    expect(() => new GmailMailbox(ADDRESS, 1.5)).toThrow(RangeError);
    expect(new GmailMailbox(ADDRESS, 0).list()).toEqual([]);
  });
});

describe('GmailMailbox.mutate', () => {
  it('should add, relabels, trashes and deletes as asked, and write each change to the history', () => {
    const mailbox = new GmailMailbox(ADDRESS, 200);
    const start = Number(mailbox.historyId);
    const before = new Map(mailbox.list().map((m) => [m.id, [...m.labelIds]]));
    expect(mailbox.mutate({ added: 2, updated: 1, deleted: 2 })).toEqual({ added: 2, updated: 1, deleted: 2 });

    const history = mailbox.historySince(start) ?? [];
    const ids = history.map((record) => Number(record.id));
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(ids.every((id) => id > start && id <= Number(mailbox.historyId))).toBe(true);

    const added = history.flatMap((r) => r.messagesAdded ?? []).map((e) => e.message.id);
    const deleted = history.flatMap((r) => r.messagesDeleted ?? []).map((e) => e.message.id);
    const trashed = history
      .flatMap((r) => r.labelsAdded ?? [])
      .filter((e) => e.labelIds.includes('TRASH'))
      .map((e) => e.message.id);
    const relabelled = history
      .flatMap((r) => [...(r.labelsAdded ?? []), ...(r.labelsRemoved ?? [])])
      .filter((e) => !e.labelIds.includes('TRASH') && !trashed.includes(e.message.id))
      .map((e) => e.message.id);
    expect({
      added: added.length,
      deleted: deleted.length,
      trashed: trashed.length,
      relabelled: relabelled.length,
    }).toEqual({
      added: 2,
      deleted: 1,
      trashed: 1,
      relabelled: 1,
    });
    // New mail is new, unread and newest; the others were there before and are all different.
    for (const id of added) {
      expect(before.has(id)).toBe(false);
      expect(mailbox.get(id)?.labelIds).toEqual(expect.arrayContaining(['UNREAD', 'INBOX']));
    }
    expect(
      mailbox
        .list()
        .slice(0, 2)
        .map((m) => m.id)
        .sort(),
    ).toEqual([...added].sort());
    expect(new Set([...deleted, ...trashed, ...relabelled]).size).toBe(3);
    expect([...deleted, ...trashed, ...relabelled].every((id) => before.has(id))).toBe(true);
    // Deleted is gone; trashed is still there, in the trash, and out of the default list.
    expect(mailbox.get(deleted[0])).toBeUndefined();
    expect(mailbox.get(trashed[0])?.labelIds).toContain('TRASH');
    expect(mailbox.list().some((m) => m.id === trashed[0])).toBe(false);
    expect(mailbox.list({ includeSpamTrash: true }).some((m) => m.id === trashed[0])).toBe(true);
    // The relabelled message's labels did change.
    expect(mailbox.get(relabelled[0])?.labelIds).not.toEqual(before.get(relabelled[0]));
    expect(mailbox.list()).toHaveLength(200 + 2 - 2);
  });

  it('should change what there is when asked for more than there is', () => {
    const mailbox = new GmailMailbox(ADDRESS, 5);
    expect(mailbox.mutate({ added: 0, updated: 10, deleted: 3 })).toEqual({ added: 0, updated: 2, deleted: 3 });
    // Deletes come from the mail that was there: the new message stays.
    expect(mailbox.mutate({ added: 1, updated: 0, deleted: 1000 })).toEqual({ added: 1, updated: 0, deleted: 2 });
    expect(mailbox.list()).toHaveLength(1);
    expect(mailbox.list()[0].labelIds).toContain('UNREAD');
  });

  it('should be deterministic: the same seed and mutations give the same mailbox and history', () => {
    const a = new GmailMailbox(ADDRESS, 50);
    const b = new GmailMailbox(ADDRESS, 50);
    for (const mailbox of [a, b]) {
      mailbox.mutate({ added: 3, updated: 2, deleted: 2 });
      mailbox.mutate({ added: 1, updated: 1, deleted: 1 });
    }
    expect(a.list({ includeSpamTrash: true })).toEqual(b.list({ includeSpamTrash: true }));
    expect(a.historySince(0)).toEqual(b.historySince(0));
  });

  it('should forget its history on expireHistory: earlier history ids are too old', () => {
    const mailbox = new GmailMailbox(ADDRESS, 20);
    const start = Number(mailbox.historyId);
    mailbox.mutate({ added: 1, updated: 0, deleted: 0 });
    expect(mailbox.historySince(start)).toHaveLength(1);
    mailbox.expireHistory();
    expect(mailbox.historySince(start)).toBeUndefined();
    expect(mailbox.historySince(Number(mailbox.historyId))).toEqual([]);
    expect(mailbox.oldestHistoryId).toBe(mailbox.historyId);
  });
});

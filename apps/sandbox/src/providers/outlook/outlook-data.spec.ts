import { MICROSOFT_PERSONAS } from '../microsoft-common/personas';
import { OUTLOOK_MAX_MUTATION, OutlookDataset } from './outlook-data';

const view = { persona: MICROSOFT_PERSONAS.member, immutable: true };

describe('OutlookDataset', () => {
  it('should generate the same mailbox from the same seed, and another from another seed', () => {
    const a = new OutlookDataset({ messages: 50, seed: 7 });
    const b = new OutlookDataset({ messages: 50, seed: 7 });
    const c = new OutlookDataset({ messages: 50, seed: 8 });
    const render = (d: OutlookDataset) =>
      d.messagesIn(d.find('inbox')!).map((m) => d.renderMessage(m, view, 'https://outlook.office365.com/owa/'));
    expect(render(a)).toEqual(render(b));
    expect(render(a)).not.toEqual(render(c));
    expect(a.state()).toMatchObject({ messages: 50, folders: 14, hiddenFolders: 1, changes: 0 });
  });

  it('should keep a message’s immutable id across a move, and give it another default id', () => {
    const data = new OutlookDataset({ messages: 20, seed: 1 });
    const inbox = data.find('inbox')!;
    const archive = data.find('ARCHIVE')!;
    const message = data.messagesIn(inbox)[0];
    const before = data.idOf(message, inbox.id, { ...view, immutable: false });
    data.move(message, archive);
    expect(data.message(message.immutableId, view)?.folderId).toBe(archive.id);
    expect(data.message(before, { ...view, immutable: false })).toBeUndefined();
    const after = data.idOf(message, archive.id, { ...view, immutable: false });
    expect(after).not.toBe(before);
    expect(data.message(after, { ...view, immutable: false })).toBe(message);
  });

  it('should answer mutate with exactly what it asked for, each message changed once, and the folders whose counts moved', () => {
    const data = new OutlookDataset({ messages: 100, seed: 3 });
    const answer = data.mutate({ added: 3, updated: 4, deleted: 2 });
    expect(answer.messages).toEqual({ added: 3, updated: 4, deleted: 2 });
    expect(answer.folders.updated).toBeGreaterThan(0);
    expect(data.state()['messages']).toBe(101);
    // Nothing issued since: the messages changed above are not candidates again.
    data.issue();
    expect(() => data.mutate({ added: 0, updated: 200, deleted: 0 })).toThrow(RangeError);
  });

  it('should refuse a mutation out of range', () => {
    const data = new OutlookDataset({ messages: 10, seed: 1 });
    expect(() => data.mutate({ added: -1, updated: 0, deleted: 0 })).toThrow(RangeError);
    expect(() => data.mutate({ added: OUTLOOK_MAX_MUTATION + 1, updated: 0, deleted: 0 })).toThrow(RangeError);
    expect(() => data.mutate({ added: 0, updated: 1.5, deleted: 0 })).toThrow(RangeError);
  });

  it('should delete a folder with its child folders and their messages, and reset to the start-up mailbox', () => {
    const data = new OutlookDataset({ messages: 200, seed: 1 });
    const projects = data.children(data.find('inbox')!.id, false).find((f) => f.displayName === 'Projects')!;
    const falcon = data.children(projects.id, false)[0];
    const expected = data.messagesIn(projects).length + data.messagesIn(falcon).length;
    expect(data.deleteFolder(projects)).toBe(expected);
    expect(data.find(falcon.id)).toBeUndefined();
    data.reset();
    expect(data.find(falcon.id)).toBeDefined();
    expect(data.state()['messages']).toBe(200);
  });
});

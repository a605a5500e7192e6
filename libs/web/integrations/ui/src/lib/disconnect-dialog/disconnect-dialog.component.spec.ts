import { TestBed } from '@angular/core/testing';
import { MAT_DIALOG_DATA, MatDialogRef } from '@angular/material/dialog';
import { DisconnectDialogComponent, type DisconnectDialogData } from './disconnect-dialog.component';

async function open(data: DisconnectDialogData): Promise<HTMLElement> {
  TestBed.configureTestingModule({
    imports: [DisconnectDialogComponent],
    providers: [
      { provide: MAT_DIALOG_DATA, useValue: data },
      { provide: MatDialogRef, useValue: { close: jest.fn() } },
    ],
  });
  const fixture = TestBed.createComponent(DisconnectDialogComponent);
  await fixture.whenStable();
  return fixture.nativeElement as HTMLElement;
}

describe('DisconnectDialogComponent', () => {
  it('should say where to remove the app’s access when the provider lets no app end it', async () => {
    const element = await open({
      integrationName: 'OneDrive',
      accountName: 'Megan Bowen',
      accessRemoval: {
        note: 'Microsoft lets no app end its own access.',
        links: [
          { label: 'Work or school account: My Apps', url: 'https://myapps.microsoft.com' },
          { label: 'Personal Microsoft account: apps with access', url: 'https://account.live.com/consent/Manage' },
        ],
      },
    });
    expect(element.querySelector('.access-removal')?.textContent).toContain(
      'Microsoft lets no app end its own access.',
    );
    const links = [...element.querySelectorAll<HTMLAnchorElement>('.access-removal-links a')];
    expect(links.map((a) => [a.textContent?.trim(), a.href, a.rel])).toEqual([
      ['Work or school account: My Apps', 'https://myapps.microsoft.com/', 'noopener noreferrer'],
      [
        'Personal Microsoft account: apps with access',
        'https://account.live.com/consent/Manage',
        'noopener noreferrer',
      ],
    ]);
  });

  it('should say nothing of the kind for a provider the hub revokes at', async () => {
    const element = await open({ integrationName: 'Google Drive', accountName: 'Ada', accessRemoval: null });
    expect(element.querySelector('.access-removal')).toBeNull();
    expect(element.textContent).toContain('Disconnect Google Drive?');
  });
});

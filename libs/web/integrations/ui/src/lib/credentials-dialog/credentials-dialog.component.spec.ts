import { ComponentFixture, TestBed } from '@angular/core/testing';
import { MAT_DIALOG_DATA, MatDialogRef } from '@angular/material/dialog';
import type { CredentialFieldDef } from '../models';
import { CredentialsDialogComponent, CredentialsDialogData } from './credentials-dialog.component';

const fields: CredentialFieldDef[] = [
  {
    key: 'host',
    label: 'Host',
    type: 'text',
    required: true,
    secret: false,
    maxLength: 253,
    pattern: '^[^/?=@%\\s]+$',
  },
  { key: 'port', label: 'Port', type: 'number', required: true, secret: false, min: 1, max: 65535, default: 5432 },
  { key: 'database', label: 'Database', type: 'text', required: true, secret: false },
  { key: 'user', label: 'User', type: 'text', required: true, secret: false },
  { key: 'password', label: 'Password', type: 'password', required: true, secret: true },
  {
    key: 'sslMode',
    label: 'SSL mode',
    type: 'select',
    required: true,
    secret: false,
    options: [
      { value: 'verify-full', label: 'Verify certificate and host name' },
      { value: 'disable', label: 'No TLS' },
    ],
    default: 'verify-full',
  },
  { key: 'caCertificate', label: 'CA certificate', type: 'textarea', required: false, secret: false },
];

describe('CredentialsDialogComponent', () => {
  let fixture: ComponentFixture<CredentialsDialogComponent>;
  let element: HTMLElement;
  let data: CredentialsDialogData;
  let close: jest.Mock;

  async function open(overrides: Partial<CredentialsDialogData> = {}) {
    close = jest.fn();
    data = {
      integrationName: 'PostgreSQL',
      fields,
      editing: false,
      test: jest.fn(),
      save: jest.fn(async () => ({ ok: true as const, value: undefined })),
      ...overrides,
    };
    TestBed.configureTestingModule({
      imports: [CredentialsDialogComponent],
      providers: [
        { provide: MAT_DIALOG_DATA, useValue: data },
        { provide: MatDialogRef, useValue: { close } },
      ],
    });
    fixture = TestBed.createComponent(CredentialsDialogComponent);
    element = fixture.nativeElement as HTMLElement;
    await fixture.whenStable();
  }

  const form = () => fixture.componentInstance.form;
  const errors = () => [...element.querySelectorAll('mat-error')].map((e) => e.textContent?.trim());
  const press = async (label: string) => {
    const button = [...element.querySelectorAll('button')].find((b) => b.textContent?.trim() === label)!;
    button.click();
    await fixture.whenStable();
  };
  const fill = (values: Record<string, string | number>) => form().patchValue(values);

  it('should build the form from the fields, with their defaults', async () => {
    await open();
    expect(element.querySelector('h2')?.textContent).toContain('Connect PostgreSQL');
    expect(Object.keys(form().controls)).toEqual(fields.map((f) => f.key));
    expect(form().value.port).toBe(5432);
    expect(form().value.sslMode).toBe('verify-full');
    expect(element.querySelector('textarea')).toBeTruthy();
    expect(element.querySelector('input[type="password"]')).toBeTruthy();
  });

  it('should show inline messages from required, min, max and pattern, and not save', async () => {
    await open();
    fill({ host: 'db/socket', port: 70000 });
    await press('Save');
    expect(errors()).toEqual([
      'Host is not valid.',
      'Port must be at most 65535.',
      'Database is required.',
      'User is required.',
      'Password is required.',
    ]);
    expect(data.save).not.toHaveBeenCalled();
    fill({ port: 0 });
    await fixture.whenStable();
    expect(errors()).toContain('Port must be at least 1.');
  });

  it('should save valid values (numbers as numbers, empty optional fields left out) and close', async () => {
    await open();
    fill({ host: 'db.example.com', database: 'analytics', user: 'reader', password: 's3cret' });
    await press('Save');
    expect(data.save).toHaveBeenCalledWith({
      host: 'db.example.com',
      port: 5432,
      database: 'analytics',
      user: 'reader',
      password: 's3cret',
      sslMode: 'verify-full',
    });
    expect(close).toHaveBeenCalledWith(true);
  });

  it('should put the server field errors back on their fields', async () => {
    await open({
      save: jest.fn(async () => ({
        ok: false as const,
        message: 'The request has 1 invalid field.',
        fieldErrors: { host: 'host resolves to a private address' },
      })),
    });
    fill({ host: 'db.internal', database: 'analytics', user: 'reader', password: 's3cret' });
    await press('Save');
    expect(errors()).toEqual(['host resolves to a private address']);
    expect(element.querySelector('.form-error')?.textContent).toContain('The request has 1 invalid field.');
    expect(close).not.toHaveBeenCalled();
  });

  it('should show the test result: the account reached, or why not', async () => {
    const test = jest
      .fn()
      .mockResolvedValueOnce({
        ok: true,
        value: {
          ok: true,
          account: { displayName: 'analytics on db.example.com', details: { serverVersion: '16.4' } },
        },
      })
      .mockResolvedValueOnce({ ok: true, value: { ok: false, message: 'password authentication failed' } });
    await open({ test });
    fill({ host: 'db.example.com', database: 'analytics', user: 'reader', password: 's3cret' });
    await press('Test connection');
    const status = () => element.querySelector('[role="status"]')?.textContent ?? '';
    expect(status()).toContain('Connected to analytics on db.example.com');
    expect(status()).toContain('Server version: 16.4');
    await press('Test connection');
    expect(status()).toContain('Connection failed');
    expect(status()).toContain('password authentication failed');
  });

  it('should show the warnings about a test’s account, before it is saved', async () => {
    const warning = 'This role is a superuser: use a read-only role.';
    const test = jest.fn().mockResolvedValue({
      ok: true,
      value: { ok: true, account: { displayName: 'analytics on db.example.com', warnings: [warning] } },
    });
    await open({ test });
    fill({ host: 'db.example.com', database: 'analytics', user: 'postgres', password: 's3cret' });
    await press('Test connection');
    expect(element.querySelector('.result-ok')).toBeTruthy();
    expect(element.querySelector('.result-warning')?.textContent).toContain(warning);
  });

  it('should keep the saved password when editing and it is left empty', async () => {
    await open({ editing: true, initial: { host: 'db.example.com', database: 'analytics', user: 'reader' } });
    expect(element.querySelector('h2')?.textContent).toContain('Edit PostgreSQL');
    expect((element.querySelector('input[type="password"]') as HTMLInputElement).value).toBe('');
    expect(element.textContent).toContain('Leave empty to keep the saved password.');
    await press('Save');
    expect(data.save).toHaveBeenCalledWith(expect.not.objectContaining({ password: expect.anything() }));
  });

  it('should ask for the saved password again once a field it is sent to changes, and not save without it', async () => {
    await open({ editing: true, initial: { host: 'db.example.com', database: 'analytics', user: 'reader' } });
    fill({ host: 'elsewhere.example.com' });
    await fixture.whenStable();
    expect(element.textContent).toContain('Enter the password again: Host changed.');
    expect(element.textContent).not.toContain('Leave empty to keep the saved password.');
    await press('Save');
    expect(data.save).not.toHaveBeenCalled();
    expect(errors()).toContain('Password is required.');
    // Back to the saved host: the saved password is kept again.
    fill({ host: 'db.example.com' });
    await fixture.whenStable();
    await press('Save');
    expect(data.save).toHaveBeenCalledWith(expect.not.objectContaining({ password: expect.anything() }));
  });
});

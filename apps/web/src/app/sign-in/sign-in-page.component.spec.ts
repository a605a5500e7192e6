import { HttpErrorResponse, HttpHeaders } from '@angular/common/http';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { SessionStore } from '@hub/web/core';
import { fakeSessionStore } from '../testing/fake-session-store';
import { SignInPageComponent, describeWait } from './sign-in-page.component';

describe('SignInPageComponent', () => {
  let session: ReturnType<typeof fakeSessionStore>;

  async function render(returnTo?: string) {
    session = fakeSessionStore();
    session.person.set(null);
    await TestBed.configureTestingModule({
      imports: [SignInPageComponent],
      providers: [provideRouter([]), { provide: SessionStore, useValue: session }],
    }).compileComponents();
    const fixture = TestBed.createComponent(SignInPageComponent);
    if (returnTo !== undefined) {
      fixture.componentRef.setInput('returnTo', returnTo);
    }
    const navigate = jest.spyOn(TestBed.inject(Router), 'navigateByUrl').mockResolvedValue(true);
    await fixture.whenStable();
    const element = fixture.nativeElement as HTMLElement;
    const input = (name: string) => element.querySelector(`input[formcontrolname="${name}"]`) as HTMLInputElement;
    const type = (name: string, value: string) => {
      input(name).value = value;
      input(name).dispatchEvent(new Event('input'));
    };
    const submit = async () => {
      (element.querySelector(`button[type="submit"]`) as HTMLButtonElement).click();
      await fixture.whenStable();
      await new Promise((resolve) => setTimeout(resolve));
      await fixture.whenStable();
    };
    return { fixture, element, type, submit, navigate };
  }

  it('should show inline errors and not call the api when fields are empty or malformed', async () => {
    const { element, type, submit } = await render();
    await submit();
    const errors = () => Array.from(element.querySelectorAll('mat-error')).map((e) => e.textContent?.trim());
    expect(errors()).toEqual(['Enter your email address.', 'Enter your password.']);

    type('email', 'not-an-email');
    await submit();
    expect(errors()[0]).toBe('Enter an email address like name@example.com.');
    expect(session.signIn).not.toHaveBeenCalled();
  });

  it('should sign in and go back to the page the person came from', async () => {
    const { type, submit, navigate } = await render('/settings/integrations?tab=all');
    type('email', ' demo@example.com ');
    type('password', 'hub-demo-password');
    await submit();

    expect(session.signIn).toHaveBeenCalledWith('demo@example.com', 'hub-demo-password');
    expect(navigate).toHaveBeenCalledWith('/settings/integrations?tab=all');
  });

  it('should never follow a returnTo that leaves the app', async () => {
    const { type, submit, navigate } = await render('https://evil.example/phish');
    type('email', 'demo@example.com');
    type('password', 'pw');
    await submit();

    expect(navigate).toHaveBeenCalledWith('/settings/integrations');
  });

  it('should say the credentials are wrong without telling which one (401)', async () => {
    const { element, type, submit, navigate } = await render();
    session.signIn.mockRejectedValueOnce(new HttpErrorResponse({ status: 401, error: { detail: 'x' } }));
    type('email', 'demo@example.com');
    type('password', 'wrong');
    await submit();

    const alert = element.querySelector('[role="alert"]');
    expect(alert?.textContent).toContain('Email or password is incorrect.');
    expect(document.activeElement).toBe(alert);
    expect(element.querySelector<HTMLInputElement>('input[type="password"]')?.value).toBe('');
    expect(navigate).not.toHaveBeenCalled();
  });

  it('should say when to try again after too many attempts (429)', async () => {
    const { element, type, submit } = await render();
    session.signIn.mockRejectedValueOnce(
      new HttpErrorResponse({
        status: 429,
        headers: new HttpHeaders({ 'Retry-After': '600' }),
        error: { detail: 'Too many sign-in attempts. Try again in 600 seconds.' },
      }),
    );
    type('email', 'demo@example.com');
    type('password', 'pw');
    await submit();

    expect(element.querySelector('[role="alert"]')?.textContent).toContain(
      'Too many sign-in attempts. Try again in 10 minutes.',
    );
  });

  it('should describe waits in words', () => {
    expect(describeWait(1)).toBe('1 second');
    expect(describeWait(45)).toBe('45 seconds');
    expect(describeWait(900)).toBe('15 minutes');
  });
});

import { HttpErrorResponse } from '@angular/common/http';
import {
  ChangeDetectionStrategy,
  Component,
  ElementRef,
  Injector,
  afterNextRender,
  inject,
  input,
  signal,
  viewChild,
} from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButton } from '@angular/material/button';
import { MatCard, MatCardContent } from '@angular/material/card';
import { MatError, MatFormField, MatLabel } from '@angular/material/form-field';
import { MatIcon } from '@angular/material/icon';
import { MatInput } from '@angular/material/input';
import { MatProgressBar } from '@angular/material/progress-bar';
import { Router } from '@angular/router';
import { SessionStore, problemOf, safeReturnTo } from '@hub/web/core';

/** Where people land after signing in when they did not come from somewhere else. */
const HOME = '/settings/integrations';

@Component({
  selector: 'hub-sign-in-page',
  imports: [
    MatButton,
    MatCard,
    MatCardContent,
    MatError,
    MatFormField,
    MatIcon,
    MatInput,
    MatLabel,
    MatProgressBar,
    ReactiveFormsModule,
  ],
  templateUrl: './sign-in-page.component.html',
  styleUrl: './sign-in-page.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SignInPageComponent {
  private readonly session = inject(SessionStore);
  private readonly router = inject(Router);
  private readonly injector = inject(Injector);

  /** The app path the person was on before being asked to sign in (a query parameter). */
  readonly returnTo = input<string | undefined>();

  protected readonly form = inject(NonNullableFormBuilder).group({
    email: ['', [Validators.required, Validators.email]],
    password: ['', Validators.required],
  });
  protected readonly submitting = signal(false);
  /** Why the last attempt failed: wrong credentials, too many attempts, or the hub unreachable. */
  protected readonly failure = signal<string | null>(null);

  private readonly failureMessage = viewChild<ElementRef<HTMLElement>>('failureMessage');

  protected async signIn(): Promise<void> {
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    this.submitting.set(true);
    this.failure.set(null);
    const { email, password } = this.form.getRawValue();
    try {
      await this.session.signIn(email.trim(), password);
      await this.router.navigateByUrl(safeReturnTo(this.returnTo(), HOME));
    } catch (error) {
      this.failure.set(describeFailure(error));
      this.form.controls.password.reset();
      // Move focus to the message so keyboard and screen-reader users hear it and go on from it.
      afterNextRender(() => this.failureMessage()?.nativeElement.focus(), {
        injector: this.injector,
      });
    } finally {
      this.submitting.set(false);
    }
  }
}

function describeFailure(error: unknown): string {
  const problem = problemOf(error);
  if (problem.status === 401) {
    return 'Email or password is incorrect.';
  }
  if (problem.status === 429 && error instanceof HttpErrorResponse) {
    const seconds = Number(error.headers.get('Retry-After'));
    if (seconds > 0) {
      return `Too many sign-in attempts. Try again in ${describeWait(seconds)}.`;
    }
  }
  return problem.detail;
}

/** "45 seconds", "1 minute", "15 minutes". */
export function describeWait(seconds: number): string {
  if (seconds < 90) {
    return `${seconds} ${seconds === 1 ? 'second' : 'seconds'}`;
  }
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minutes`;
}

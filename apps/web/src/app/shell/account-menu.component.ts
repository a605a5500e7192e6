import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { MatIconButton } from '@angular/material/button';
import { MatDivider } from '@angular/material/divider';
import { MatIcon } from '@angular/material/icon';
import { MatMenu, MatMenuItem, MatMenuTrigger } from '@angular/material/menu';
import { Router } from '@angular/router';
import { Notifier, SIGN_IN_PATH, SessionStore } from '@hub/web/core';

/** The signed-in person and "Sign out", behind an icon button at the end of the toolbar. */
@Component({
  selector: 'hub-account-menu',
  imports: [MatDivider, MatIcon, MatIconButton, MatMenu, MatMenuItem, MatMenuTrigger],
  template: `
    @if (session.person(); as person) {
      <button
        matIconButton
        type="button"
        [matMenuTriggerFor]="accountMenu"
        [attr.aria-label]="'Account: ' + person.name"
      >
        <mat-icon>account_circle</mat-icon>
      </button>
      <mat-menu #accountMenu="matMenu" xPosition="before">
        <div class="who" role="presentation">
          <span class="name">{{ person.name }}</span>
          <span class="email">{{ person.email }}</span>
        </div>
        <mat-divider />
        <button mat-menu-item type="button" [disabled]="signingOut()" (click)="signOut()">
          <mat-icon aria-hidden="true">logout</mat-icon>
          <span>Sign out</span>
        </button>
      </mat-menu>
    }
  `,
  styles: `
    .who {
      display: flex;
      flex-direction: column;
      padding: 12px 16px;
      min-width: 200px;
    }
    .name {
      font: var(--mat-sys-title-small);
    }
    .email {
      font: var(--mat-sys-body-small);
      color: var(--mat-sys-on-surface-variant);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AccountMenuComponent {
  protected readonly session = inject(SessionStore);
  private readonly router = inject(Router);
  private readonly notifier = inject(Notifier);
  protected readonly signingOut = signal(false);

  protected async signOut(): Promise<void> {
    this.signingOut.set(true);
    try {
      await this.session.signOut();
      this.notifier.info('You signed out.');
    } catch {
      // The session is gone either way (the interceptor reported any other problem).
    } finally {
      this.signingOut.set(false);
      await this.router.navigateByUrl(SIGN_IN_PATH);
    }
  }
}

import { ChangeDetectionStrategy, Component } from '@angular/core';
import { MatIcon } from '@angular/material/icon';
import { RouterLink } from '@angular/router';

@Component({
  selector: 'hub-not-found',
  imports: [MatIcon, RouterLink],
  template: `
    <mat-icon class="icon" aria-hidden="true">travel_explore</mat-icon>
    <h1>Page not found</h1>
    <p>There is nothing at this address.</p>
    <a class="home-link" routerLink="/">Back to Integrations</a>
  `,
  styles: `
    :host {
      display: flex;
      flex-direction: column;
      align-items: center;
      gap: 8px;
      padding: 64px 24px;
      text-align: center;
    }

    .icon {
      width: 48px;
      height: 48px;
      font-size: 48px;
      color: var(--mat-sys-primary);
    }

    h1 {
      margin: 0;
      font: var(--mat-sys-headline-medium);
    }

    /* Styled as an M3 filled button with plain CSS: importing MatButton here would
       put all of @angular/material/button into the initial bundle (see AppComponent). */
    .home-link {
      display: inline-flex;
      align-items: center;
      height: 40px;
      padding: 0 24px;
      border-radius: var(--mat-sys-corner-full);
      background: var(--mat-sys-primary);
      color: var(--mat-sys-on-primary);
      font: var(--mat-sys-label-large);
      text-decoration: none;
    }

    .home-link:hover {
      box-shadow: var(--mat-sys-level1);
    }

    .home-link:focus-visible {
      outline: 2px solid var(--mat-sys-primary);
      outline-offset: 2px;
    }

    p {
      margin: 0 0 16px;
      font: var(--mat-sys-body-large);
      color: var(--mat-sys-on-surface-variant);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class NotFoundComponent {}

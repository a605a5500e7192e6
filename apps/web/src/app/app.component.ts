import { BreakpointObserver } from '@angular/cdk/layout';
import { ChangeDetectionStrategy, Component, ElementRef, computed, inject, signal, viewChild } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { MatIconButton } from '@angular/material/button';
import { MatIcon } from '@angular/material/icon';
import { MatSidenav, MatSidenavContainer, MatSidenavContent } from '@angular/material/sidenav';
import { MatToolbar } from '@angular/material/toolbar';
import { RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';
import { SessionStore } from '@hub/web/core';
import { map } from 'rxjs';
import { AccountMenuComponent } from './shell/account-menu.component';
import { RecreateOnDirective } from './shell/recreate-on.directive';
import { ThemePreference } from './shell/theme-preference';
import { WorkspaceSwitcherComponent } from './shell/workspace-switcher.component';

/** Below this width the navigation becomes an overlay opened from the menu button. */
export const NARROW_LAYOUT_QUERY = '(max-width: 839.98px)';

@Component({
  selector: 'hub-root',
  // Bundle size: esbuild splits by module, so whatever the shell imports from a
  // Material entry point lands in the initial bundle together with everything the
  // lazy page uses from that entry point. Hence individual directives, and plain
  // M3 navigation-drawer links instead of mat-nav-list (which would pull
  // @angular/forms) or matRipple (which would pull @angular/material/core).
  imports: [
    AccountMenuComponent,
    MatIcon,
    MatIconButton,
    MatSidenav,
    MatSidenavContainer,
    MatSidenavContent,
    MatToolbar,
    RecreateOnDirective,
    RouterLink,
    RouterLinkActive,
    RouterOutlet,
    WorkspaceSwitcherComponent,
  ],
  templateUrl: './app.component.html',
  styleUrl: './app.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AppComponent {
  protected readonly productName = 'Integrations Hub';
  protected readonly session = inject(SessionStore);
  protected readonly themePreference = inject(ThemePreference);

  private readonly mainContent = viewChild.required<ElementRef<HTMLElement>>('mainContent');

  /** True on narrow screens, where the navigation is an overlay. */
  protected readonly isNarrow = toSignal(
    inject(BreakpointObserver)
      .observe(NARROW_LAYOUT_QUERY)
      .pipe(map((state) => state.matches)),
    { requireSync: true },
  );

  /** Whether the overlay navigation was opened with the menu button (narrow screens only). */
  private readonly overlayOpen = signal(false);

  protected readonly navMode = computed(() => (this.isNarrow() ? 'over' : 'side'));
  /** The navigation is for signed-in people; the sign-in page stands alone. */
  protected readonly navOpened = computed(() => this.session.signedIn() && (!this.isNarrow() || this.overlayOpen()));

  protected toggleNav(): void {
    this.overlayOpen.update((open) => !open);
  }

  /**
   * Syncs closes the drawer did by itself (backdrop click, Escape) back into our state.
   * `openedChange` is delivered asynchronously, so an "opened" echo can arrive after the
   * user already chose a link; only "closed" is taken from it, opening is ours alone.
   */
  protected onNavOpenedChange(opened: boolean): void {
    if (!opened) {
      this.overlayOpen.set(false);
    }
  }

  protected onNavLinkClick(): void {
    this.overlayOpen.set(false);
  }

  /** Moves focus to the main region without touching the URL (a bare `#fragment` link would leave the route). */
  protected skipToContent(event: Event): void {
    event.preventDefault();
    this.mainContent().nativeElement.focus();
  }
}

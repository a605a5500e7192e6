import { BreakpointObserver, BreakpointState } from '@angular/cdk/layout';
import { HarnessLoader } from '@angular/cdk/testing';
import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';
import { MatSidenav } from '@angular/material/sidenav';
import { MatSidenavHarness } from '@angular/material/sidenav/testing';
import { By } from '@angular/platform-browser';
import { provideRouter, Router } from '@angular/router';
import { SessionStore } from '@hub/web/core';
import { BehaviorSubject, filter, firstValueFrom, map } from 'rxjs';
import { AppComponent } from './app.component';
import { fakeSessionStore } from './testing/fake-session-store';

@Component({ template: '<h1>Integrations page stub</h1>' })
class StubPageComponent {}

describe('AppComponent', () => {
  let narrow: BehaviorSubject<boolean>;

  async function render() {
    const fixture = TestBed.createComponent(AppComponent);
    await fixture.whenStable();
    const loader: HarnessLoader = TestbedHarnessEnvironment.loader(fixture);
    return { fixture, element: fixture.nativeElement as HTMLElement, loader };
  }

  beforeEach(async () => {
    narrow = new BehaviorSubject(false);
    await TestBed.configureTestingModule({
      imports: [AppComponent],
      providers: [
        provideRouter([{ path: 'settings/integrations', component: StubPageComponent }]),
        { provide: SessionStore, useValue: fakeSessionStore() },
        // No drawer animations: the drawer opens and closes (and says so) without waiting on transitions.
        { provide: MATERIAL_ANIMATIONS, useValue: { animationsDisabled: true } },
        {
          provide: BreakpointObserver,
          useValue: {
            observe: () =>
              narrow.pipe(
                map((matches): BreakpointState => ({
                  matches,
                  breakpoints: {},
                })),
              ),
          },
        },
      ],
    }).compileComponents();
  });

  it('should render a toolbar with the product name and an icon', async () => {
    const { element } = await render();
    const toolbar = element.querySelector('mat-toolbar');
    expect(toolbar?.textContent).toContain('Integrations Hub');
    expect(toolbar?.querySelector('mat-icon')?.textContent?.trim()).toBe('hub');
  });

  it('should render the Integrations nav link pointing at /settings/integrations', async () => {
    const { element } = await render();
    const link = element.querySelector<HTMLAnchorElement>('nav a.nav-link');
    expect(link?.textContent).toContain('Integrations');
    expect(link?.getAttribute('href')).toBe('/settings/integrations');
  });

  it('should group the Integrations nav link under "Settings"', async () => {
    const { element } = await render();
    const group = element.querySelector('nav ul');
    const labelId = group?.getAttribute('aria-labelledby') ?? '';
    expect(element.querySelector(`#${labelId}`)?.textContent?.trim()).toBe('Settings');
    expect(group?.querySelector('a')?.textContent).toContain('Integrations');
  });

  it('should mark the Integrations nav link as the current page when active', async () => {
    const { fixture, element } = await render();
    const link = element.querySelector<HTMLAnchorElement>('nav a.nav-link');
    expect(link?.getAttribute('aria-current')).toBeNull();

    await TestBed.inject(Router).navigateByUrl('/settings/integrations');
    await fixture.whenStable();

    expect(link?.getAttribute('aria-current')).toBe('page');
    expect(link?.classList).toContain('active-link');
  });

  it('should offer a skip-to-content link that focuses the main region', async () => {
    const { element } = await render();
    const skip = element.querySelector<HTMLAnchorElement>('a.skip-link');
    const main = element.querySelector<HTMLElement>('main#main-content');
    expect(skip).toBe(element.firstElementChild);
    expect(skip?.textContent?.trim()).toBe('Skip to content');

    skip?.click();

    expect(document.activeElement).toBe(main);
  });

  it('should keep the navigation open beside the content on wide screens', async () => {
    const { element, loader } = await render();
    const sidenav = await loader.getHarness(MatSidenavHarness);
    expect(await sidenav.getMode()).toBe('side');
    expect(await sidenav.isOpen()).toBe(true);
    expect(element.querySelector('button[aria-label="Open navigation"]')).toBeNull();
  });

  it('should turn the navigation into an overlay opened by a menu button on narrow screens', async () => {
    narrow.next(true);
    const { fixture, element, loader } = await render();
    const sidenav = await loader.getHarness(MatSidenavHarness);
    expect(await sidenav.getMode()).toBe('over');
    expect(await sidenav.isOpen()).toBe(false);

    const menu = element.querySelector<HTMLButtonElement>('button[aria-label="Open navigation"]');
    expect(menu?.getAttribute('aria-expanded')).toBe('false');
    menu?.click();
    await fixture.whenStable();

    expect(await sidenav.isOpen()).toBe(true);
    expect(menu?.getAttribute('aria-expanded')).toBe('true');
  });

  it('should close the overlay navigation after a link is chosen', async () => {
    narrow.next(true);
    const { fixture, element, loader } = await render();
    const sidenav = await loader.getHarness(MatSidenavHarness);
    element.querySelector<HTMLButtonElement>('button[aria-label="Open navigation"]')?.click();
    await fixture.whenStable();
    expect(await sidenav.isOpen()).toBe(true);

    element.querySelector<HTMLAnchorElement>('nav a.nav-link')?.click();
    await fixture.whenStable();

    expect(await sidenav.isOpen()).toBe(false);
  });

  it('should let the menu button reopen the overlay after it was closed from the backdrop', async () => {
    narrow.next(true);
    const { fixture, element, loader } = await render();
    const sidenav = await loader.getHarness(MatSidenavHarness);
    const menu = element.querySelector<HTMLButtonElement>('button[aria-label="Open navigation"]');
    menu?.click();
    await fixture.whenStable();

    // The drawer reports the close through an asynchronous openedChange: wait for exactly that event.
    const drawer = fixture.debugElement.query(By.directive(MatSidenav)).componentInstance as MatSidenav;
    const closed = firstValueFrom(drawer.openedChange.pipe(filter((opened) => !opened)));
    element.querySelector<HTMLElement>('.mat-drawer-backdrop')?.click();
    await closed;
    await fixture.whenStable();
    expect(await sidenav.isOpen()).toBe(false);
    expect(menu?.getAttribute('aria-expanded')).toBe('false');

    menu?.click();
    await fixture.whenStable();
    expect(await sidenav.isOpen()).toBe(true);
  });
});

describe('AppComponent toolbar', () => {
  const setup = async () => {
    const session = fakeSessionStore();
    await TestBed.configureTestingModule({
      imports: [AppComponent],
      providers: [
        provideRouter([{ path: 'settings/integrations', component: StubPageComponent }]),
        { provide: SessionStore, useValue: session },
      ],
    }).compileComponents();
    const fixture = TestBed.createComponent(AppComponent);
    await TestBed.inject(Router).navigateByUrl('/settings/integrations');
    await fixture.whenStable();
    return { fixture, session, element: fixture.nativeElement as HTMLElement };
  };

  it('should name the current workspace in the switcher', async () => {
    const { element } = await setup();
    const switcher = element.querySelector('hub-workspace-switcher button');
    expect(switcher?.getAttribute('aria-label')).toBe('Workspace: Demo workspace. Switch workspace');
  });

  it('should re-create the routed page when the workspace changes, so it loads that workspace', async () => {
    const { fixture, session, element } = await setup();
    const before = element.querySelector('h1');
    expect(before?.textContent).toContain('Integrations page stub');

    await session.switchWorkspace('w2');
    await fixture.whenStable();

    const after = element.querySelector('h1');
    expect(after?.textContent).toContain('Integrations page stub');
    expect(after).not.toBe(before);
  });

  it('should give the theme toggle and the account menu accessible names', async () => {
    const { element } = await setup();
    expect(element.querySelector('button[aria-label^="Use the"]')).not.toBeNull();
    expect(element.querySelector('hub-account-menu button')?.getAttribute('aria-label')).toBe('Account: Demo Person');
  });

  it('should hide the navigation and the account controls when nobody is signed in', async () => {
    const { fixture, session, element } = await setup();
    session.person.set(null);
    await fixture.whenStable();
    expect(element.querySelector('hub-account-menu button')).toBeNull();
    expect(element.querySelector('mat-sidenav')?.classList).not.toContain('mat-drawer-opened');
  });
});

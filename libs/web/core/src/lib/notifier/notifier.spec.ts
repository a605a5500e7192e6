import { OverlayContainer } from '@angular/cdk/overlay';
import { ApplicationRef } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';
import { MatSnackBar } from '@angular/material/snack-bar';
import { Notifier, NOTIFIER_DURATIONS } from './notifier';

describe('Notifier', () => {
  let notifier: Notifier;
  let overlay: HTMLElement;

  const snackBarTexts = () =>
    Array.from(overlay.querySelectorAll('mat-snack-bar-container')).map((bar) => bar.textContent ?? '');
  const settle = () => TestBed.inject(ApplicationRef).whenStable();

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [{ provide: MATERIAL_ANIMATIONS, useValue: { animationsDisabled: true } }],
    });
    notifier = TestBed.inject(Notifier);
    overlay = TestBed.inject(OverlayContainer).getContainerElement();
  });

  it('should show one snackbar at a time: a new message replaces the current one', async () => {
    notifier.success('Dub connected');
    await settle();
    notifier.error('Sync failed');
    await settle();
    notifier.info('Your session ended — sign in again');
    await settle();

    const texts = snackBarTexts();
    expect(texts).toHaveLength(1);
    expect(texts[0]).toContain('Your session ended — sign in again');
  });

  it('should keep errors up longer than successes and announce them assertively', () => {
    const open = jest.spyOn(TestBed.inject(MatSnackBar), 'open');

    notifier.success('Saved');
    notifier.error('Sync failed');

    expect(open.mock.calls[0][2]).toMatchObject({
      duration: NOTIFIER_DURATIONS.success,
      politeness: 'polite',
    });
    expect(open.mock.calls[1][2]).toMatchObject({
      duration: NOTIFIER_DURATIONS.error,
      politeness: 'assertive',
    });
    expect(NOTIFIER_DURATIONS.error).toBeGreaterThan(NOTIFIER_DURATIONS.success);
  });

  it('should run the error action when its button is pressed', async () => {
    const run = jest.fn();
    notifier.error('Sync failed', { label: 'Retry', run });
    await settle();

    const button = overlay.querySelector<HTMLButtonElement>('mat-snack-bar-container button');
    expect(button?.textContent?.trim()).toBe('Retry');
    button?.click();

    expect(run).toHaveBeenCalledTimes(1);
  });
});

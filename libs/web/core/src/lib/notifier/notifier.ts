import { Injectable, inject } from '@angular/core';
import { MatSnackBar, MatSnackBarConfig, MatSnackBarRef, TextOnlySnackBar } from '@angular/material/snack-bar';

/** What a person can do about an error right from the snackbar, e.g. "Retry". */
export interface NotifierAction {
  label: string;
  run: () => void;
}

/** How long each kind stays up: errors longer, since they usually need reading and acting on. */
export const NOTIFIER_DURATIONS = {
  success: 4000,
  info: 6000,
  error: 10000,
} as const;

/**
 * The one place the app tells people what happened. MatSnackBar shows one snackbar at a time, so
 * a new message replaces the current one instead of stacking; it is announced through the live
 * announcer (errors assertively).
 */
@Injectable({ providedIn: 'root' })
export class Notifier {
  private readonly snackBar = inject(MatSnackBar);

  success(message: string): void {
    this.show(message, 'Dismiss', {
      duration: NOTIFIER_DURATIONS.success,
      politeness: 'polite',
      panelClass: 'hub-snackbar-success',
    });
  }

  info(message: string): void {
    this.show(message, 'Dismiss', {
      duration: NOTIFIER_DURATIONS.info,
      politeness: 'polite',
      panelClass: 'hub-snackbar-info',
    });
  }

  error(message: string, action?: NotifierAction): void {
    const ref = this.show(message, action?.label ?? 'Dismiss', {
      duration: NOTIFIER_DURATIONS.error,
      politeness: 'assertive',
      panelClass: 'hub-snackbar-error',
    });
    if (action) {
      ref.onAction().subscribe(() => action.run());
    }
  }

  private show(message: string, actionLabel: string, config: MatSnackBarConfig): MatSnackBarRef<TextOnlySnackBar> {
    return this.snackBar.open(message, actionLabel, config);
  }
}

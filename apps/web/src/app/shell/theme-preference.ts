import { DOCUMENT } from '@angular/common';
import { Injectable, computed, effect, inject, signal } from '@angular/core';

export type ThemeChoice = 'light' | 'dark';

/** Only a look preference lives in browser storage; nothing about the session ever does. */
export const THEME_STORAGE_KEY = 'hub.theme';

/**
 * Light or dark. Follows the system until the person picks one with the toolbar toggle; the
 * theme is built on `light-dark()` colors, so setting `color-scheme` on <html> is all it takes.
 */
@Injectable({ providedIn: 'root' })
export class ThemePreference {
  private readonly document = inject(DOCUMENT);
  private readonly storage = this.document.defaultView?.localStorage;
  private readonly systemPrefersDark = this.document.defaultView?.matchMedia?.('(prefers-color-scheme: dark)');

  private readonly chosen = signal<ThemeChoice | null>(readChoice(this.storage));
  private readonly systemDark = signal(this.systemPrefersDark?.matches ?? false);

  /** The theme in effect right now. */
  readonly theme = computed<ThemeChoice>(() => this.chosen() ?? (this.systemDark() ? 'dark' : 'light'));

  constructor() {
    this.systemPrefersDark?.addEventListener('change', (query) => this.systemDark.set(query.matches));
    effect(() => {
      const chosen = this.chosen();
      // No choice: leave `color-scheme: light dark` from the stylesheet, i.e. the system's.
      this.document.documentElement.style.colorScheme = chosen ?? '';
    });
  }

  toggle(): void {
    const next: ThemeChoice = this.theme() === 'dark' ? 'light' : 'dark';
    this.chosen.set(next);
    try {
      this.storage?.setItem(THEME_STORAGE_KEY, next);
    } catch {
      // Storage can be unavailable (private mode, quota); the choice then lasts for this visit.
    }
  }
}

function readChoice(storage: Storage | undefined): ThemeChoice | null {
  try {
    const stored = storage?.getItem(THEME_STORAGE_KEY);
    return stored === 'light' || stored === 'dark' ? stored : null;
  } catch {
    return null;
  }
}

import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { MatIcon } from '@angular/material/icon';
import { MatMenu, MatMenuItem, MatMenuTrigger } from '@angular/material/menu';
import { Notifier, SessionStore, Workspace } from '@hub/web/core';

/**
 * The current workspace, and a menu to switch to another one the person belongs to. The shell
 * re-creates the routed page when the workspace changes, so it loads that workspace's data.
 */
@Component({
  selector: 'hub-workspace-switcher',
  imports: [MatButton, MatIcon, MatMenu, MatMenuItem, MatMenuTrigger],
  template: `
    @if (session.workspace(); as current) {
      <button
        matButton
        type="button"
        class="trigger"
        [matMenuTriggerFor]="workspaceMenu"
        [disabled]="switching()"
        [attr.aria-label]="'Workspace: ' + current.name + '. Switch workspace'"
      >
        <mat-icon aria-hidden="true">workspaces</mat-icon>
        <span class="current-name">{{ current.name }}</span>
        <mat-icon iconPositionEnd aria-hidden="true">arrow_drop_down</mat-icon>
      </button>
      <mat-menu #workspaceMenu="matMenu">
        @for (workspace of session.workspaces(); track workspace.id) {
          <button
            mat-menu-item
            type="button"
            role="menuitemradio"
            [attr.aria-checked]="workspace.id === current.id"
            (click)="switchTo(workspace, current)"
          >
            <mat-icon aria-hidden="true">{{ workspace.id === current.id ? 'check' : '' }}</mat-icon>
            <span>{{ workspace.name }}</span>
            <span class="role">· {{ workspace.role }}</span>
          </button>
        }
      </mat-menu>
    }
  `,
  styles: `
    .trigger {
      max-width: 260px;
    }
    .current-name {
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
    }
    .role {
      margin-left: 4px;
      color: var(--mat-sys-on-surface-variant);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class WorkspaceSwitcherComponent {
  protected readonly session = inject(SessionStore);
  private readonly notifier = inject(Notifier);
  protected readonly switching = signal(false);

  protected async switchTo(workspace: Workspace, current: Workspace): Promise<void> {
    if (workspace.id === current.id) {
      return;
    }
    this.switching.set(true);
    try {
      await this.session.switchWorkspace(workspace.id);
      this.notifier.success(`Switched to ${workspace.name}`);
    } catch {
      // The global error interceptor already said why.
    } finally {
      this.switching.set(false);
    }
  }
}

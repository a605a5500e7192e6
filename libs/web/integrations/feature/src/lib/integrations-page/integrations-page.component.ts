import { ChangeDetectionStrategy, Component, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import {
  INTEGRATION_CATEGORIES,
  IntegrationCategoryFilter,
} from '../integration-categories';

@Component({
  selector: 'hub-integrations-page',
  imports: [
    MatButtonModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    MatSelectModule,
  ],
  templateUrl: './integrations-page.component.html',
  styleUrl: './integrations-page.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class IntegrationsPageComponent {
  protected readonly categories = INTEGRATION_CATEGORIES;

  /** Free-text search over integration names, as typed. */
  readonly search = signal('');

  /** Selected category, `'all'` when no category filter applies. */
  readonly category = signal<IntegrationCategoryFilter>('all');

  protected onSearchInput(event: Event): void {
    this.search.set((event.target as HTMLInputElement).value);
  }

  protected clearSearch(): void {
    this.search.set('');
  }
}

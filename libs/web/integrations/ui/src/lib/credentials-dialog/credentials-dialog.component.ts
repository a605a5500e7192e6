import {
  ChangeDetectionStrategy,
  Component,
  ElementRef,
  Injector,
  afterNextRender,
  inject,
  signal,
  viewChild,
} from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { FormControl, FormGroup, ReactiveFormsModule, ValidatorFn, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatProgressSpinnerModule } from '@angular/material/progress-spinner';
import { MatSelectModule } from '@angular/material/select';
import type { Credentials, CredentialsTestResult } from '@hub/web/shared/api-types';
import type { CredentialFieldDef, SubmitOutcome } from '../models';

export interface CredentialsDialogData {
  integrationName: string;
  fields: CredentialFieldDef[];
  /** Editing a saved connection: secret fields start empty and, left empty, keep the saved value. */
  editing: boolean;
  /** Values to start from (never secrets). */
  initial?: Partial<Credentials>;
  test: (values: Credentials) => Promise<SubmitOutcome<CredentialsTestResult>>;
  save: (values: Credentials) => Promise<SubmitOutcome>;
}

type FieldValue = string | number | boolean | null;
type TestResult =
  { ok: true; title: string; lines: string[]; warnings?: string[] } | { ok: false; title: string; lines: string[] };

/**
 * A connection form built from the provider's `credentialFields`: inline validation from the
 * field rules, "Test connection" without saving, and the server's field errors put back on
 * their fields. Secrets are never shown again once saved.
 */
@Component({
  selector: 'hub-credentials-dialog',
  imports: [
    MatButtonModule,
    MatCheckboxModule,
    MatDialogModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    MatProgressSpinnerModule,
    MatSelectModule,
    ReactiveFormsModule,
  ],
  templateUrl: './credentials-dialog.component.html',
  styleUrl: './credentials-dialog.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class CredentialsDialogComponent {
  protected readonly data = inject<CredentialsDialogData>(MAT_DIALOG_DATA);
  private readonly dialog = inject(MatDialogRef<CredentialsDialogComponent, boolean>);
  private readonly injector = inject(Injector);
  private readonly feedback = viewChild<ElementRef<HTMLElement>>('feedback');

  /**
   * Non-secret fields changed from the saved connection: they say where the secrets go, so the hub
   * reuses a saved secret only while none changed (it would otherwise send it somewhere new).
   */
  private readonly changedFields = signal<string[]>([]);

  readonly form = new FormGroup<Record<string, FormControl<FieldValue>>>(
    Object.fromEntries(this.data.fields.map((field) => [field.key, this.controlFor(field)])),
  );
  protected readonly busy = signal<'test' | 'save' | null>(null);
  protected readonly testResult = signal<TestResult | null>(null);
  protected readonly formError = signal('');

  constructor() {
    this.form.valueChanges.pipe(takeUntilDestroyed()).subscribe(() => {
      const changed = this.data.fields
        .filter((f) => !f.secret && !sameValue(this.form.controls[f.key].value, this.initialOf(f)))
        .map((f) => f.label);
      if (changed.join() === this.changedFields().join()) return;
      this.changedFields.set(changed);
      // A saved secret may become required (or optional again): check the secret fields anew.
      for (const f of this.data.fields.filter((f) => f.secret))
        this.form.controls[f.key].updateValueAndValidity({ emitEvent: false });
    });
  }

  /** Keeps the saved secret when editing, while nothing it is sent to changed; says so instead of showing it. */
  protected keepsSaved(field: CredentialFieldDef): boolean {
    return this.data.editing && field.secret && this.changedFields().length === 0;
  }

  /** Why a saved secret must be entered again, or '' when it need not. */
  protected reenterReason(field: CredentialFieldDef): string {
    const changed = this.changedFields();
    if (!this.data.editing || !field.secret || changed.length === 0) return '';
    return `Enter the ${field.label.toLowerCase()} again: ${changed.join(', ')} changed.`;
  }

  /** The first problem with a field, in words. */
  protected errorOf(field: CredentialFieldDef): string {
    const errors = this.form.controls[field.key]?.errors;
    if (!errors) return '';
    if (errors['server']) return errors['server'] as string;
    if (errors['required']) return `${field.label} is required.`;
    if (errors['min']) return `${field.label} must be at least ${field.min}.`;
    if (errors['max']) return `${field.label} must be at most ${field.max}.`;
    if (errors['maxlength']) return `${field.label} must be at most ${field.maxLength} characters.`;
    if (errors['pattern'])
      return field.help ? `${field.label} is not valid: ${field.help}` : `${field.label} is not valid.`;
    return `${field.label} is not valid.`;
  }

  protected async test(): Promise<void> {
    const values = this.validValues();
    if (!values || this.busy()) return;
    this.busy.set('test');
    this.testResult.set(null);
    const outcome = await this.data.test(values);
    this.busy.set(null);
    if (!outcome.ok) {
      this.showProblems(outcome);
      this.testResult.set({ ok: false, title: 'The test could not run', lines: [outcome.message] });
      this.revealFeedback();
      return;
    }
    const check = outcome.value;
    if (!check.ok) {
      this.testResult.set({ ok: false, title: 'Connection failed', lines: [check.message] });
      this.revealFeedback();
      return;
    }
    const { displayName, email, workspaceName, details, warnings } = check.account;
    const facts = Object.entries(details ?? {}).map(([key, value]) => `${this.labelOf(key)}: ${String(value)}`);
    this.testResult.set({
      ok: true,
      title: `Connected to ${displayName}`,
      lines: [email, workspaceName, ...facts].filter((line): line is string => !!line),
      // It connects, but e.g. as a role that can write: said before it is saved.
      warnings: warnings ?? [],
    });
    this.revealFeedback();
  }

  /** A detail's name in words: the form's own label for it, else `serverVersion` → "Server version". */
  private labelOf(key: string): string {
    const field = this.data.fields.find((candidate) => candidate.key === key);
    if (field) return field.label;
    const words = key
      .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
      .replace(/[_-]+/g, ' ')
      .toLowerCase();
    return words.charAt(0).toUpperCase() + words.slice(1);
  }

  /** The result is below the fields: bring it into view once shown (the dialog's content scrolls). */
  private revealFeedback(): void {
    afterNextRender(() => this.feedback()?.nativeElement.scrollIntoView?.({ block: 'nearest' }), {
      injector: this.injector,
    });
  }

  protected async save(): Promise<void> {
    const values = this.validValues();
    if (!values || this.busy()) return;
    this.busy.set('save');
    const outcome = await this.data.save(values);
    this.busy.set(null);
    if (outcome.ok) this.dialog.close(true);
    else this.showProblems(outcome);
  }

  /** The values to send, or null (and every problem shown) while the form is invalid. */
  private validValues(): Credentials | null {
    this.formError.set('');
    this.form.markAllAsTouched();
    if (this.form.invalid) {
      this.formError.set('Check the highlighted fields.');
      return null;
    }
    const values: Credentials = {};
    for (const field of this.data.fields) {
      const value = this.form.controls[field.key].value;
      if (value === null || value === '') continue; // optional, or a saved secret kept as it is
      values[field.key] = field.type === 'number' ? Number(value) : value;
    }
    return values;
  }

  private showProblems(outcome: { message: string; fieldErrors: Record<string, string> }): void {
    const unplaced: string[] = [];
    for (const [key, message] of Object.entries(outcome.fieldErrors)) {
      const control = this.form.controls[key];
      if (control) {
        control.setErrors({ server: message });
        control.markAsTouched();
      } else {
        unplaced.push(message);
      }
    }
    this.formError.set([outcome.message, ...unplaced].filter(Boolean).join(' '));
  }

  private controlFor(field: CredentialFieldDef): FormControl<FieldValue> {
    const validators: ValidatorFn[] = [];
    if (field.required) {
      const required = field.type === 'boolean' ? Validators.requiredTrue : Validators.required;
      // Asked each time: a saved secret is required again once a field it is sent to changes.
      validators.push((control) => (this.keepsSaved(field) ? null : required(control)));
    }
    if (field.min !== undefined) validators.push(Validators.min(field.min));
    if (field.max !== undefined) validators.push(Validators.max(field.max));
    if (field.maxLength !== undefined) validators.push(Validators.maxLength(field.maxLength));
    if (field.pattern) validators.push(Validators.pattern(field.pattern));
    return new FormControl<FieldValue>(this.initialOf(field), { validators });
  }

  private initialOf(field: CredentialFieldDef): FieldValue {
    const initial = field.secret ? undefined : (this.data.initial?.[field.key] ?? field.default);
    return initial ?? (field.type === 'boolean' ? false : '');
  }
}

/** Absent and empty are the same; a number field may hold the number as text. */
function sameValue(a: FieldValue, b: FieldValue): boolean {
  const normal = (v: FieldValue) => (v === null || v === undefined || v === '' ? null : String(v));
  return normal(a) === normal(b);
}

import { Directive, TemplateRef, ViewContainerRef, effect, inject, input } from '@angular/core';

/**
 * Renders its template, and renders it afresh whenever the key changes. Around the router outlet,
 * keyed by the workspace, it makes a workspace switch re-create the routed page, which then loads
 * that workspace's data, without reloading the app.
 */
@Directive({ selector: '[hubRecreateOn]' })
export class RecreateOnDirective {
  readonly key = input.required<unknown>({ alias: 'hubRecreateOn' });

  constructor() {
    const template = inject(TemplateRef);
    const container = inject(ViewContainerRef);
    effect(() => {
      this.key();
      container.clear();
      container.createEmbeddedView(template);
    });
  }
}

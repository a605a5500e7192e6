import { ComponentFixture, TestBed } from '@angular/core/testing';
import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { HarnessLoader } from '@angular/cdk/testing';
import { MatInputHarness } from '@angular/material/input/testing';
import { MatSelectHarness } from '@angular/material/select/testing';
import { IntegrationsPageComponent } from './integrations-page.component';

describe('IntegrationsPageComponent', () => {
  let fixture: ComponentFixture<IntegrationsPageComponent>;
  let component: IntegrationsPageComponent;
  let loader: HarnessLoader;
  let element: HTMLElement;

  beforeEach(async () => {
    await TestBed.configureTestingModule({
      imports: [IntegrationsPageComponent],
    }).compileComponents();

    fixture = TestBed.createComponent(IntegrationsPageComponent);
    component = fixture.componentInstance;
    element = fixture.nativeElement as HTMLElement;
    loader = TestbedHarnessEnvironment.loader(fixture);
    await fixture.whenStable();
  });

  it('should render the page title as the only h1', () => {
    const headings = element.querySelectorAll('h1');
    expect(headings).toHaveLength(1);
    expect(headings[0].textContent?.trim()).toBe('Integrations');
  });

  it('should describe the page in one line', () => {
    expect(
      element.querySelector('.page-description')?.textContent?.trim(),
    ).toBe(
      'Connect the services your workspace uses and keep their data in sync.',
    );
  });

  it('should label the search input', () => {
    const input = element.querySelector('input[matInput]') as HTMLInputElement;
    const label = element.querySelector(`label[for="${input.id}"]`);
    expect(label?.textContent?.trim()).toBe('Search integrations');
  });

  it('should update the search signal as the user types', async () => {
    const input = await loader.getHarness(MatInputHarness);
    await input.setValue('drive');
    expect(component.search()).toBe('drive');
  });

  it('should clear the search when the clear button is pressed', async () => {
    const input = await loader.getHarness(MatInputHarness);
    await input.setValue('slack');
    await fixture.whenStable();

    const clear = element.querySelector<HTMLButtonElement>(
      'button[aria-label="Clear search"]',
    );
    clear?.click();
    await fixture.whenStable();

    expect(component.search()).toBe('');
    expect(await input.getValue()).toBe('');
  });

  it('should list "All categories" then the six categories in order', async () => {
    const select = await loader.getHarness(MatSelectHarness);
    await select.open();
    const options = await select.getOptions();
    const labels = await Promise.all(options.map((option) => option.getText()));
    expect(labels).toEqual([
      'All categories',
      'Google Workspace',
      'Databases',
      'Communication',
      'Microsoft 365',
      'Marketing',
      'Analytics',
    ]);
  });

  it('should start on "All categories" and update the category signal on selection', async () => {
    const select = await loader.getHarness(MatSelectHarness);
    expect(component.category()).toBe('all');
    expect(await select.getValueText()).toBe('All categories');

    await select.open();
    await select.clickOptions({ text: 'Databases' });

    expect(component.category()).toBe('Databases');
    expect(await select.getValueText()).toBe('Databases');
  });

  it('should show an empty state instead of integration cards', () => {
    expect(element.querySelector('.empty-state')?.textContent).toContain(
      'Integration cards arrive here as providers become available.',
    );
  });
});

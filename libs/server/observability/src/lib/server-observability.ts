export function serverObservability(): string {
  return 'server-observability';
}

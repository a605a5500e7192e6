export function serverRedis(): string {
  return 'server-redis';
}

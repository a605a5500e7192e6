/** Page tokens, cursors and sync tokens that look opaque to the client, as the real providers' do. */
export interface OpaqueTokens {
  encode(text: string): string;
  /**
   * The text of a token `encode` gave, or undefined for anything else: not a string, another prefix,
   * bytes outside the encoding, not exactly what `encode` would give (tampered or truncated), or a
   * text the emulation never puts in a token.
   */
  decode(token: unknown): string | undefined;
}

const ALPHABETS = { base64: /^[A-Za-z0-9+/]*={0,2}$/, base64url: /^[A-Za-z0-9_-]*$/ } as const;

/**
 * Tokens of `prefix` + `text` in `encoding` (base64url unless the provider's are plain base64, as
 * Slack's cursors are), where `text` says what a token may hold.
 */
export function opaqueTokens(format: {
  readonly text: RegExp;
  readonly encoding?: keyof typeof ALPHABETS;
  readonly prefix?: string;
}): OpaqueTokens {
  const { text, encoding = 'base64url', prefix = '' } = format;
  const encode = (value: string) => prefix + Buffer.from(value, 'utf8').toString(encoding);
  return {
    encode,
    decode: (token) => {
      if (typeof token !== 'string' || !token.startsWith(prefix) || token.length === prefix.length) return undefined;
      if (!ALPHABETS[encoding].test(token.slice(prefix.length))) return undefined;
      const value = Buffer.from(token.slice(prefix.length), encoding).toString('utf8');
      return encode(value) === token && text.test(value) ? value : undefined;
    },
  };
}

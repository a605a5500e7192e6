import { xmlText } from './options';

/** Background colours of placeholder logos: each keeps white initials at a contrast of 4.5:1 or more. */
const COLOURS = ['#3949ab', '#00796b', '#6a1b9a', '#c62828', '#2e7d32', '#ad1457', '#0277bd', '#4e342e'];

/** "Acme CRM" → "AC", "Dub" → "DU", "365 Mail" → "3M": the first letter of two words, else two letters. */
export function initials(name: string): string {
  const words = name.split(/\s+/).map((word) => [...word].filter((c) => /[\p{L}\p{N}]/u.test(c)).join(''));
  const letters = words.filter((word) => word !== '');
  const picked = letters.length >= 2 ? letters[0][0] + letters[1][0] : [...(letters[0] ?? '?')].slice(0, 2).join('');
  return picked.toUpperCase();
}

/**
 * A placeholder logo until the provider's own (with its brand guidelines) replaces it: a rounded
 * square in a colour picked from the id, with the name's initials.
 */
export function placeholderLogo(id: string, name: string): string {
  let hash = 0;
  for (const char of id) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  const colour = COLOURS[hash % COLOURS.length];
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 48 48" role="img" aria-label="${xmlText(name)}">`,
    `  <rect x="2" y="2" width="44" height="44" rx="10" fill="${colour}"/>`,
    `  <text x="24" y="24" dy="0.35em" text-anchor="middle" font-family="Roboto, Arial, sans-serif" font-size="18" font-weight="700" fill="#fff">${xmlText(initials(name))}</text>`,
    '</svg>',
    '',
  ].join('\n');
}

import { readInputFile } from '../../common/input-files.ts';
import { envString } from '../../common/config.ts';
import { terms } from './terms.ts';
import { words } from './text.ts';

/** One category as written in categories.json (validated by parseCategories). */
export interface CategoryRule {
  name: string;
  /** Each distinct term or phrase found adds 1 (case-insensitive, whole words). */
  any?: string[];
  /** Every term or phrase must be present, or the category does not match at all. */
  all?: string[];
  /** Each pattern that matches adds its weight (default 1). */
  patterns?: { regex: string; flags?: string; weight?: number }[];
  /** The score needed to match (default 1). */
  minScore?: number;
}

export interface Category {
  name: string;
  any: string[];
  all: string[];
  patterns: { regex: RegExp; weight: number }[];
  minScore: number;
}

export const fallbackCategory = 'other';

/**
 * Patterns only see the start of the text: config regexes are trusted, the content is not,
 * and a bound keeps any pattern's worst case small. Terms see the whole text.
 */
const patternWindow = 64 * 1024;

const defaultPath = new URL('./categories.json', import.meta.url);

/** The rules file: `path`, else HEADROOM_CATEGORIES_FILE, else categories.json next to this file. */
export function loadCategories(
  path: string | URL = envString('HEADROOM_CATEGORIES_FILE', '') || defaultPath,
): Category[] {
  let raw: unknown;
  try {
    raw = JSON.parse(readInputFile(path));
  } catch (error) {
    throw new Error(`${String(path)}: cannot read categories: ${(error as Error).message}`, { cause: error });
  }
  return parseCategories(raw, String(path));
}

/** Validates a categories document; throws one clear line naming the bad field. */
export function parseCategories(raw: unknown, source = 'categories'): Category[] {
  const fail = (where: string, problem: string): never => {
    throw new Error(`${source}: ${where}: ${problem}`);
  };
  if (!isObject(raw) || !Array.isArray(raw.categories)) fail('categories', 'must be an array');
  const list = (raw as { categories: unknown[] }).categories;
  if (list.length === 0) fail('categories', 'must not be empty');
  const names = new Set<string>();
  return list.map((entry, i) => {
    const at = `categories[${i}]`;
    if (!isObject(entry)) return fail(at, 'must be an object');
    for (const key of Object.keys(entry)) {
      if (!['name', 'description', 'any', 'all', 'patterns', 'minScore'].includes(key))
        fail(`${at}.${key}`, 'unknown field');
    }
    const name = entry.name;
    if (typeof name !== 'string' || !/^[a-z][a-z0-9-]{0,62}$/.test(name))
      fail(`${at}.name`, 'must be a lowercase slug like "incident-report"');
    if (names.has(name as string)) fail(`${at}.name`, `duplicate category "${String(name)}"`);
    if (name === fallbackCategory) fail(`${at}.name`, `"${fallbackCategory}" is the fallback, not a rule`);
    names.add(name as string);
    const any = termList(entry.any, `${at}.any`, fail);
    const all = termList(entry.all, `${at}.all`, fail);
    const patterns = patternList(entry.patterns, `${at}.patterns`, fail);
    const minScore = entry.minScore ?? 1;
    if (typeof minScore !== 'number' || !Number.isFinite(minScore) || minScore <= 0)
      fail(`${at}.minScore`, 'must be a positive number');
    if (any.length === 0 && patterns.length === 0) fail(at, 'needs at least one "any" term or pattern');
    return { name: name as string, any, all, patterns, minScore: minScore as number };
  });
}

type Fail = (where: string, problem: string) => never;

function termList(value: unknown, where: string, fail: Fail): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) return fail(where, 'must be an array of strings');
  return value.map((term, j) => {
    if (typeof term !== 'string') return fail(`${where}[${j}]`, 'must be a string');
    const normal = words(term).join(' ').toLowerCase();
    if (!normal) fail(`${where}[${j}]`, `"${term}" has no words in it`);
    return normal;
  });
}

// A quantified group that itself contains a quantifier, e.g. (a+)+ or (\w*x)*: the classic
// catastrophic-backtracking shape. Rejected at load rather than discovered under load.
const nestedQuantifier = /\((?:[^()\\]|\\.)*[+*}](?:[^()\\]|\\.)*\)[+*{]/;

function patternList(value: unknown, where: string, fail: Fail): Category['patterns'] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) return fail(where, 'must be an array of {regex, flags?, weight?}');
  return value.map((p, j) => {
    const at = `${where}[${j}]`;
    if (!isObject(p) || typeof p.regex !== 'string' || p.regex === '')
      return fail(at, 'needs a "regex" string');
    const flags = p.flags ?? 'i';
    if (typeof flags !== 'string' || !/^[imsu]*$/.test(flags))
      fail(`${at}.flags`, 'only i, m, s and u are allowed');
    if (nestedQuantifier.test(p.regex))
      fail(`${at}.regex`, 'nested quantifiers can backtrack catastrophically');
    const weight = p.weight ?? 1;
    if (typeof weight !== 'number' || !Number.isFinite(weight) || weight <= 0)
      fail(`${at}.weight`, 'must be a positive number');
    let regex: RegExp;
    try {
      regex = new RegExp(p.regex, flags as string);
    } catch (error) {
      return fail(`${at}.regex`, `invalid regular expression: ${(error as Error).message}`);
    }
    return { regex, weight: weight as number };
  });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The matching categories, best score first (config order breaks ties); ['other'] if none. */
export function classify(text: string, categories: readonly Category[]): string[] {
  const { counts, joined: wordsInOrder } = terms(text);
  let joined: string | undefined; // built only if a phrase's words are all there
  const has = (term: string): boolean => {
    if (!term.includes(' ')) return counts.has(term);
    if (!term.split(' ').every((word) => counts.has(word))) return false;
    joined ??= ` ${wordsInOrder()} `;
    return joined.includes(` ${term} `);
  };
  const window = text.slice(0, patternWindow);
  const scored: { name: string; score: number }[] = [];
  for (const category of categories) {
    if (!category.all.every(has)) continue;
    let score = 0;
    for (const term of category.any) if (has(term)) score++;
    for (const pattern of category.patterns) if (pattern.regex.test(window)) score += pattern.weight;
    if (score >= category.minScore) scored.push({ name: category.name, score });
  }
  if (scored.length === 0) return [fallbackCategory];
  return scored.sort((a, b) => b.score - a.score).map((c) => c.name);
}

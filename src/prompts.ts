// Owns every user-facing text: prompts/<locale>.yaml, loaded once, checked so that every locale has
// the same keys and placeholders, and rendered with {placeholder} values. Logic never hard-codes
// text shown to a user; it asks for a key.
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import { AppError } from "./errors.ts";

export const LOCALES = ["vi", "en"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "vi";

const promptsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../prompts");

type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = "", out = new Map<string, string>()): Map<string, string> {
  for (const [key, value] of Object.entries(tree)) {
    const name = prefix ? `${prefix}.${key}` : key;
    if (typeof value === "string") out.set(name, value);
    else if (value && typeof value === "object") flatten(value, name, out);
    else throw new AppError("prompts.invalid", { message: `prompt ${name} must be text` });
  }
  return out;
}

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!).sort();

export class Prompts {
  private constructor(
    private readonly texts: Record<Locale, Map<string, string>>,
    private readonly defaults: Record<string, string>,
  ) {}

  /** Loads and cross-checks all locales; `defaults` fill placeholders such as {botName}. */
  static load(defaults: Record<string, string> = {}, dir = promptsDir): Prompts {
    const texts = {} as Record<Locale, Map<string, string>>;
    for (const locale of LOCALES) {
      texts[locale] = flatten(parse(readFileSync(path.join(dir, `${locale}.yaml`), "utf8")) as Tree);
    }
    const base = texts[DEFAULT_LOCALE];
    for (const locale of LOCALES) {
      for (const [key, text] of base) {
        const other = texts[locale].get(key);
        if (other === undefined) throw new AppError("prompts.invalid", { message: `prompts/${locale}.yaml lacks ${key}` });
        if (placeholders(other).join() !== placeholders(text).join()) {
          throw new AppError("prompts.invalid", { message: `prompts/${locale}.yaml: ${key} must use the placeholders {${placeholders(text).join("}, {")}}` });
        }
      }
      for (const key of texts[locale].keys()) {
        if (!base.has(key)) throw new AppError("prompts.invalid", { message: `prompts/${locale}.yaml has ${key}, which ${DEFAULT_LOCALE}.yaml lacks` });
      }
    }
    return new Prompts(texts, defaults);
  }

  has(key: string): boolean {
    return this.texts[DEFAULT_LOCALE].has(key);
  }

  /** The text for `key` in `locale`, with {placeholders} filled; an unknown key is a programming error. */
  t(locale: Locale, key: string, vars: Record<string, string | number> = {}): string {
    const text = this.texts[locale].get(key) ?? this.texts[DEFAULT_LOCALE].get(key);
    if (text === undefined) throw new AppError("prompts.invalid", { message: `unknown prompt ${key}` });
    return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
      const value = vars[name] ?? this.defaults[name];
      return value === undefined ? whole : String(value);
    });
  }
}

export function toLocale(value: string | undefined | null): Locale {
  const lang = (value ?? "").toLowerCase().slice(0, 2);
  return (LOCALES as readonly string[]).includes(lang) ? (lang as Locale) : DEFAULT_LOCALE;
}

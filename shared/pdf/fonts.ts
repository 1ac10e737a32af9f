/**
 * The forms' typeface: DejaVu Sans (regular and bold) from the npm package `dejavu-fonts-ttf`,
 * embedded (subset) in every PDF, so Vietnamese prints with every diacritic whatever fonts the
 * reader's machine has; never a system font. Read once, on the first form: the API functions that
 * never print do not pay for 1.4 MB of TrueType at cold start.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export interface Fonts {
  regular: Buffer;
  bold: Buffer;
}

let loaded: Fonts | undefined;

/**
 * The two faces. The package is resolved from this module (or the bundle), so the TTF files must
 * sit in a node_modules the bundle can reach; `MOTCUA_FONT_DIR` names another folder holding
 * `DejaVuSans.ttf` and `DejaVuSans-Bold.ttf` (a Lambda bundle that ships them beside itself).
 */
export function fonts(): Fonts {
  if (loaded) return loaded;
  const dir = process.env.MOTCUA_FONT_DIR ?? join(dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')), 'ttf');
  loaded = { regular: readFileSync(join(dir, 'DejaVuSans.ttf')), bold: readFileSync(join(dir, 'DejaVuSans-Bold.ttf')) };
  return loaded;
}

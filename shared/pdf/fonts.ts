/**
 * The forms' typeface: DejaVu Sans (regular and bold) from the npm package `dejavu-fonts-ttf`,
 * embedded (subset) in every PDF, so Vietnamese prints with every diacritic whatever fonts the
 * reader's machine has; never a system font. Read once, on the first form: the API functions that
 * never print do not pay for 1.4 MB of TrueType at cold start.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface Fonts {
  regular: Buffer;
  bold: Buffer;
}

let loaded: Fonts | undefined;

/**
 * The two faces (`DejaVuSans.ttf`, `DejaVuSans-Bold.ttf`), from the first folder that has them:
 * `MOTCUA_FONT_DIR`, `fonts/` beside this module or the bundle (where a Lambda package ships
 * them), else the npm package as resolved from here (the repository, the local cloud's bundles).
 */
export function fonts(): Fonts {
  if (loaded) return loaded;
  const beside = fileURLToPath(new URL('./fonts/', import.meta.url));
  const dir = process.env.MOTCUA_FONT_DIR ?? (existsSync(join(beside, 'DejaVuSans.ttf')) ? beside : join(dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')), 'ttf'));
  loaded = { regular: readFileSync(join(dir, 'DejaVuSans.ttf')), bold: readFileSync(join(dir, 'DejaVuSans-Bold.ttf')) };
  return loaded;
}

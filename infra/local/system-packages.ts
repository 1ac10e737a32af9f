/**
 * What `npm start` and `npm test` need from the machine beyond npm: Java 17+ for DynamoDB Local,
 * and for the tests poppler-utils (`pdftotext`, `pdfimages`: the printable forms are read back)
 * and Chromium (the pages' browser tests).
 * Missing ones are installed with Debian's apt-get when running as root; otherwise this stops at
 * once with the exact command to run. Usage: `tsx infra/local/system-packages.ts start|test`.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** Where the browser tests find Chromium (CHROMIUM_PATH overrides it, as test/browser/support.ts reads it). */
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

interface Need {
  what: string;
  /** True when the machine has it. */
  present: () => boolean;
  packages: string[];
}

const works = (cmd: string, args: string[]) => spawnSync(cmd, args, { stdio: 'ignore' }).status === 0;

function javaMajor(): number {
  const out = spawnSync('java', ['-version'], { encoding: 'utf8' });
  const match = /version "(\d+)/.exec(`${out.stderr ?? ''}${out.stdout ?? ''}`);
  return match ? Number(match[1]) : 0;
}

const needs: Record<'start' | 'test', Need[]> = {
  start: [{ what: 'Java 17+ (DynamoDB Local)', present: () => javaMajor() >= 17, packages: ['openjdk-17-jre-headless'] }],
  test: [
    { what: 'Java 17+ (DynamoDB Local)', present: () => javaMajor() >= 17, packages: ['openjdk-17-jre-headless'] },
    { what: 'poppler-utils (pdftotext, pdfimages: the forms read back in the tests)', present: () => works('pdftotext', ['-v']) && works('pdfimages', ['-v']), packages: ['poppler-utils'] },
    // The browser tests drive Debian's Chromium through playwright-core (test/browser/support.ts): no browser download.
    { what: 'Chromium (/usr/bin/chromium: the browser tests of the pages)', present: () => existsSync(chromiumPath) && works(chromiumPath, ['--version']), packages: ['chromium'] },
  ],
};

const mode = process.argv[2] === 'test' ? 'test' : 'start';
const missing = needs[mode].filter((n) => !n.present());
if (missing.length > 0) {
  const packages = [...new Set(missing.flatMap((n) => n.packages))];
  const command = `apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y ${packages.join(' ')}`;
  const root = process.getuid?.() === 0;
  if (!root || !works('apt-get', ['--version'])) {
    console.error(`motcua needs ${missing.map((n) => n.what).join(' and ')}. Run, as root:\n  ${command}`);
    process.exit(1);
  }
  console.log(`installing ${packages.join(', ')} for ${missing.map((n) => n.what).join(' and ')}`);
  try {
    execFileSync('sh', ['-c', command], { stdio: ['ignore', 'ignore', 'inherit'] });
  } catch {
    console.error(`installing failed. Run, as root:\n  ${command}`);
    process.exit(1);
  }
  const still = missing.filter((n) => !n.present());
  if (still.length > 0) {
    console.error(`still missing after apt-get: ${still.map((n) => n.what).join(', ')}`);
    process.exit(1);
  }
}

// Bundles src/main.ts into dist/app.js and copies index.html and app.css beside it.
// Usage: node build.mjs [--watch]
import { build, context } from 'esbuild';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const dist = join(here, 'dist');
rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });
copyFileSync(join(here, 'src', 'app.css'), join(dist, 'app.css'));

// index.html names app.js / app.css with ?v=<content hash>: a new build is fetched at once
// even where the server lets browsers cache the assets.
function writeIndex() {
  const hash = (f) => createHash('sha256').update(readFileSync(join(dist, f))).digest('hex').slice(0, 12);
  const html = readFileSync(join(here, 'src', 'index.html'), 'utf8')
    .replace('href="app.css"', `href="app.css?v=${hash('app.css')}"`)
    .replace('src="app.js"', `src="app.js?v=${hash('app.js')}"`);
  writeFileSync(join(dist, 'index.html'), html);
}

const options = {
  entryPoints: [join(here, 'src', 'main.ts')],
  outfile: join(dist, 'app.js'),
  bundle: true,
  format: 'iife',
  target: ['es2020'],
  minify: true,
  sourcemap: 'linked',
  legalComments: 'none',
  logLevel: 'warning',
};

if (process.argv.includes('--watch')) {
  const ctx = await context({
    ...options,
    plugins: [{ name: 'index', setup: (b) => b.onEnd(() => { copyFileSync(join(here, 'src', 'app.css'), join(dist, 'app.css')); writeIndex(); }) }],
  });
  await ctx.watch();
  console.log('esbuild: surveillance de src/ ...');
} else {
  await build(options);
  writeIndex();
}

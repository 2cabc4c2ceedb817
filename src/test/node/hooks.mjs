// ESM loader hooks that make the published wukongimjssdk@1.0.4 loadable in Node 20+.
//
// The package ships tsc output with ES-module syntax in plain .js files, without "type": "module", with
// extensionless relative imports ("./proto") and `import WKSDK from "."`. Node refuses all three. These hooks
// touch nothing outside node_modules/wukongimjssdk/lib/ (spec: /work/shared/spec/wkproto.md §8.1).
import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const SDK = '/wukongimjssdk/lib/';

/** Resolves "." / "./x" / "../x" imported from inside the SDK to the real ".js" file. */
export async function resolve(specifier, context, next) {
  const parent = context.parentURL || '';
  const relative = specifier === '.' || specifier === './' || specifier.startsWith('./') || specifier.startsWith('../');
  if (parent.includes(SDK) && relative && !specifier.endsWith('.js')) {
    const spec = specifier === '.' || specifier === './' ? './index' : specifier;
    const url = new URL(spec + '.js', parent);
    if (existsSync(fileURLToPath(url))) {
      return { url: url.href, shortCircuit: true, format: 'module' };
    }
  }
  return next(specifier, context);
}

/** Loads every SDK file as an ES module (the package.json would make Node treat them as CommonJS). */
export async function load(url, context, next) {
  if (url.includes(SDK) && url.endsWith('.js')) {
    return { format: 'module', source: await readFile(fileURLToPath(url), 'utf8'), shortCircuit: true };
  }
  return next(url, context);
}

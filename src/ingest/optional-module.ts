/**
 * Load a sibling module of another area only if it exists (it may be written in parallel). Works
 * from the compiled build (.js) and from sources under tsx/vitest (.ts).
 */
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

export async function optionalModule(relativeJsPath: string): Promise<Record<string, unknown> | null> {
  const js = fileURLToPath(new URL(relativeJsPath, import.meta.url));
  const ts = js.replace(/\.js$/, '.ts');
  const target = existsSync(js) ? js : existsSync(ts) ? ts : null;
  if (target === null) return null;
  return (await import(pathToFileURL(target).href)) as Record<string, unknown>;
}

/** Where the checkout is, for every script and test: one definition. */
import { existsSync } from "node:fs";
import path from "node:path";

/**
 * The checkout: the nearest folder above this module with a package.json. This module runs from its
 * source (vitest, ts files) and from dist/scripts (the npm scripts), so a fixed `../..` would be
 * right for only one of them.
 */
export const repoRoot: string = (() => {
    let dir = __dirname;
    while (!existsSync(path.join(dir, "package.json")) && path.dirname(dir) !== dir) dir = path.dirname(dir);
    return dir;
})();

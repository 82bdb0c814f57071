import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The built front end (`npm run build` writes it to `dist/console/`). @internal */
export interface ConsoleAssets {
  readonly "app.js": string;
  readonly "app.css": string;
}

/** The folder of this module: `dist/` once bundled (ESM or CJS), `src/emulator/console/` in the source tree. */
function moduleDirectory(): string | undefined {
  if (typeof __dirname === "string") return __dirname;
  try {
    return dirname(fileURLToPath(import.meta.url));
  } catch {
    return undefined;
  }
}

/**
 * Where the front end may be: `console/` beside the bundle (`dist/console/`), or, when the
 * emulator runs from the source tree (the tests), the built `dist/console/` of the repository.
 * @internal
 */
export function assetDirectories(base = moduleDirectory()): string[] {
  return base === undefined ? [] : [join(base, "console"), join(base, "..", "..", "..", "dist", "console")];
}

/**
 * Reads the front end from the first of `directories` that holds it, or `undefined` when none
 * does (the package was not built). Read once, when the console is first opened.
 * @internal
 */
export function readConsoleAssets(directories = assetDirectories()): ConsoleAssets | undefined {
  for (const dir of directories) {
    try {
      return { "app.js": readFileSync(join(dir, "app.js"), "utf8"), "app.css": readFileSync(join(dir, "app.css"), "utf8") };
    } catch {
      // not here; try the next one
    }
  }
  return undefined;
}

/** A page of the console's own: its style sheet (and `head` extras), a title and a body. */
const htmlDocument = (title: string, body: string, head = ""): string =>
  `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/console/app.css">
${head}<title>${title}</title>
</head>
${body}
</html>
`;

const page = (title: string, body: string): string => htmlDocument(title, `<body class="notice-page">\n${body}\n</body>`);

/** The console's page: the front end takes it from there. @internal */
export const CONSOLE_SHELL = htmlDocument(
  "Roles Anywhere emulator console",
  `<body>
<noscript>The emulator console needs JavaScript (JavaScript modules, as in current Chromium and Firefox).</noscript>
</body>`,
  '<script type="module" src="/console/app.js"></script>\n',
);

/** Answer to a page request without a valid login (401). @internal */
export const LOGIN_REQUIRED_PAGE = page(
  "Log in to the emulator console",
  `<main class="notice">
<h1>Log in to the emulator console</h1>
<p>This page needs the console's login link. <code>roles-anywhere emulate</code> prints it as
<code>consoleUrl</code> (and <code>startEmulator()</code> returns it as <code>emulator.consoleUrl</code>):
<code>http://127.0.0.1:&lt;port&gt;/console/login?token=…</code>. Open that link in this browser.</p>
<p>The token changes every time the emulator starts.</p>
</main>`,
);

/** Answer when the front end was not built (503). @internal */
export const NOT_BUILT_PAGE = page(
  "The emulator console is not built",
  `<main class="notice">
<h1>The emulator console is not built</h1>
<p>Its front end (<code>dist/console/app.js</code>) is missing. Run <code>npm run build</code> and reload.</p>
</main>`,
);

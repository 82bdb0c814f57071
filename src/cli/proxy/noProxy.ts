/**
 * `NO_PROXY` matching as curl and the AWS CLI do it: comma- or space-separated host names,
 * domain suffixes (`.example.com`, `example.com`, `*.example.com`), IP literals, optional `:port`,
 * and `*` for everything.
 * @internal
 */
export function bypassesProxy(host: string, port: number, noProxy: string | undefined): boolean {
  if (!noProxy) return false;
  const target = stripBrackets(host).toLowerCase();
  for (const raw of noProxy.split(/[\s,]+/)) {
    let entry = raw.trim().toLowerCase();
    if (!entry) continue;
    if (entry === "*") return true;
    let entryPort: number | undefined;
    const portMatch = /^(.*?)(?::(\d+))?$/.exec(entry.startsWith("[") ? entry.replace(/^\[([^\]]+)\]/, "$1") : entry);
    if (portMatch && portMatch[2] && !entry.includes("::")) {
      entry = portMatch[1] as string;
      entryPort = Number(portMatch[2]);
    } else {
      entry = stripBrackets(entry);
    }
    if (entryPort !== undefined && entryPort !== port) continue;
    entry = entry.replace(/^\*?\./, "");
    if (target === entry || target.endsWith(`.${entry}`)) return true;
  }
  return false;
}

function stripBrackets(host: string): string {
  return host.startsWith("[") && host.endsWith("]") ? host.slice(1, -1) : host;
}

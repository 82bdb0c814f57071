/**
 * DOM building for the console. Text always goes in as text nodes (`textContent`), never as
 * HTML, so a role description or certificate subject holding markup shows as the characters
 * it is.
 * @module
 */

/** A child: text, a node, or nothing (skipped). @internal */
export type Child = string | number | Node | null | undefined | false;

/** Attributes and event handlers of {@link el}. @internal */
export interface Props {
  readonly [name: string]: string | number | boolean | undefined | ((event: Event) => void);
}

/**
 * Creates an element: `props` are attributes (`true` sets an empty one, `false`/`undefined`
 * none) or `on<event>` handlers; children are appended, strings as text nodes.
 * @internal
 */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: Props = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (value === undefined || value === false) continue;
    if (typeof value === "function") node.addEventListener(name.slice(2).toLowerCase(), value);
    else node.setAttribute(name, value === true ? "" : String(value));
  }
  append(node, ...children);
  return node;
}

/** Appends children (strings as text nodes). @internal */
export function append(parent: Node, ...children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === "object" ? child : document.createTextNode(String(child)));
  }
}

/** Replaces every child of `parent`. @internal */
export function replace(parent: Node, ...children: Child[]): void {
  while (parent.firstChild) parent.removeChild(parent.firstChild);
  append(parent, ...children);
}

let counter = 0;
/** A document-unique id for label/control pairs. @internal */
export const uid = (prefix: string): string => `${prefix}-${++counter}`;

// A small, forgiving XML reader for RSS and Atom feeds: elements, attributes, text, CDATA, the five
// named entities and numeric character references. It never expands entities a DOCTYPE declares
// (so a "billion laughs" file stays small) and never fetches anything; comments, processing
// instructions and the DOCTYPE are skipped. Feeds in the wild are often not quite well formed, so a
// stray closing tag is ignored and unclosed elements are closed at the end rather than refused.
// Names keep their prefix ("atom:link", "content:encoded"); feeds use the usual prefixes.

export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlNode[];
}
export type XmlNode = XmlElement | string;

const NAMED: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };

/** "&amp;" → "&", "&#8211;" → "–"; an entity it does not know (a DOCTYPE's, or HTML's "&nbsp;") stays as written. */
export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, ref: string) => {
    if (ref[0] !== "#") return NAMED[ref] ?? (ref.toLowerCase() === "nbsp" ? "\u00a0" : whole);
    const code = ref[1] === "x" || ref[1] === "X" ? Number.parseInt(ref.slice(2), 16) : Number.parseInt(ref.slice(1), 10);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

const ATTRIBUTE = /([^\s=/>]+)\s*(?:=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g;

function attributesOf(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of text.matchAll(ATTRIBUTE)) out[m[1]!] = decodeEntities(m[2] ?? m[3] ?? m[4] ?? "");
  return out;
}

/** The root element of `xml`, or null when there is none. */
export function readXml(xml: string): XmlElement | null {
  const root: XmlElement = { name: "#document", attributes: {}, children: [] };
  const stack: XmlElement[] = [root];
  const top = () => stack[stack.length - 1]!;
  const text = (t: string) => {
    if (t) top().children.push(t);
  };
  let i = 0;
  while (i < xml.length) {
    const lt = xml.indexOf("<", i);
    if (lt === -1) {
      text(decodeEntities(xml.slice(i)));
      break;
    }
    if (lt > i) text(decodeEntities(xml.slice(i, lt)));
    if (xml.startsWith("<!--", lt)) {
      const end = xml.indexOf("-->", lt + 4);
      i = end === -1 ? xml.length : end + 3;
    } else if (xml.startsWith("<![CDATA[", lt)) {
      const end = xml.indexOf("]]>", lt + 9);
      text(xml.slice(lt + 9, end === -1 ? xml.length : end));
      i = end === -1 ? xml.length : end + 3;
    } else if (xml.startsWith("<?", lt)) {
      const end = xml.indexOf("?>", lt + 2);
      i = end === -1 ? xml.length : end + 2;
    } else if (xml.startsWith("<!", lt)) {
      // A DOCTYPE, with an internal subset in brackets perhaps: skipped whole, its entities unused.
      let j = lt + 2;
      let depth = 0;
      while (j < xml.length && (xml[j] !== ">" || depth > 0)) {
        if (xml[j] === "[") depth++;
        else if (xml[j] === "]") depth--;
        j++;
      }
      i = j + 1;
    } else if (xml[lt + 1] === "/") {
      const end = xml.indexOf(">", lt);
      const name = xml.slice(lt + 2, end === -1 ? xml.length : end).trim();
      const at = stack.map((e) => e.name).lastIndexOf(name);
      if (at > 0) stack.length = at; // closes it and whatever was left open inside it
      i = end === -1 ? xml.length : end + 1;
    } else {
      // A start tag; ">" inside a quoted attribute value does not end it.
      let j = lt + 1;
      let quote = "";
      while (j < xml.length && (quote || xml[j] !== ">")) {
        if (quote && xml[j] === quote) quote = "";
        else if (!quote && (xml[j] === '"' || xml[j] === "'")) quote = xml[j]!;
        j++;
      }
      const raw = xml.slice(lt + 1, j);
      const selfClosing = raw.endsWith("/");
      const body = selfClosing ? raw.slice(0, -1) : raw;
      const name = /^[^\s/>]+/.exec(body)?.[0];
      if (!name) {
        text("<"); // a lone "<" in text
        i = lt + 1;
        continue;
      }
      const element: XmlElement = { name, attributes: attributesOf(body.slice(name.length)), children: [] };
      top().children.push(element);
      if (!selfClosing) stack.push(element);
      i = j + 1;
    }
  }
  return root.children.find((c): c is XmlElement => typeof c !== "string") ?? null;
}

/** The local part of a name: "atom:link" → "link". */
export const localName = (name: string) => name.slice(name.indexOf(":") + 1);

/** The child elements named `name` (exactly, prefix included). */
export function childrenNamed(e: XmlElement, name: string): XmlElement[] {
  return e.children.filter((c): c is XmlElement => typeof c !== "string" && c.name === name);
}

export function child(e: XmlElement, ...names: string[]): XmlElement | undefined {
  for (const name of names) {
    const found = childrenNamed(e, name)[0];
    if (found) return found;
  }
  return undefined;
}

/** All the text inside an element, its descendants' included, trimmed. */
export function textOf(e: XmlElement | undefined): string {
  if (!e) return "";
  const parts: string[] = [];
  const walk = (n: XmlNode) => {
    if (typeof n === "string") parts.push(n);
    else n.children.forEach(walk);
  };
  e.children.forEach(walk);
  return parts.join("").trim();
}

/** The text of the first child named one of `names`, "" when there is none. */
export function childText(e: XmlElement, ...names: string[]): string {
  return textOf(child(e, ...names));
}

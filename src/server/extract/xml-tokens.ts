/** A tag or a run of text from an XML document; enough for WordprocessingML, which has no DTDs and no CDATA in practice. */
export type XmlToken =
  | { kind: 'open'; name: string; attributes: string; selfClosing: boolean }
  | { kind: 'close'; name: string }
  | { kind: 'text'; text: string };

const TOKEN = /<(\/?)([A-Za-z_][\w.:-]*)([^>]*?)(\/?)>|<[!?][^>]*>|([^<]+)/g;

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|\w+);/g, (whole, entity: string) => {
    if (entity.startsWith('#x')) return String.fromCodePoint(parseInt(entity.slice(2), 16));
    if (entity.startsWith('#')) return String.fromCodePoint(parseInt(entity.slice(1), 10));
    return ENTITIES[entity] ?? whole;
  });
}

export function* xmlTokens(xml: string): Generator<XmlToken> {
  for (const match of xml.matchAll(TOKEN)) {
    const [, slash, name, attributes, selfClosing, text] = match;
    if (text !== undefined) yield { kind: 'text', text: decodeEntities(text) };
    else if (name === undefined) continue;
    else if (slash) yield { kind: 'close', name };
    else yield { kind: 'open', name, attributes: attributes ?? '', selfClosing: selfClosing === '/' };
  }
}

/** The value of attribute `name` (e.g. "w:val") in a tag's attribute text. */
export function attribute(attributes: string, name: string): string | undefined {
  const match = new RegExp(`(?:^|\\s)${name.replace(/[.:]/g, '\\$&')}\\s*=\\s*("([^"]*)"|'([^']*)')`).exec(attributes);
  const value = match?.[2] ?? match?.[3];
  return value === undefined ? undefined : decodeEntities(value);
}

// node:punycode — domain names to and from ASCII, over the URL parser's IDNA.
import url from 'node:url';

export const toASCII = (domain) => url.domainToASCII(domain) || domain;
export const toUnicode = (domain) => url.domainToUnicode(domain) || domain;
export const ucs2 = {
  decode: (s) => Array.from(s, (c) => c.codePointAt(0)),
  encode: (points) => String.fromCodePoint(...points),
};
export const version = '2.1.0';
export default { toASCII, toUnicode, ucs2, version };

// Why an item is recommended, in the language shown. The server words each reason in English
// (its `text`); in another language the reason is told again from its source and evidence, and
// the server's words stay in the tooltip.

import { lang, t } from '../i18n.js';

export function sourceLabel(source) {
  return t('source.' + source, null, source);
}

/** The reason's words: the server's in English, else told from the source and the evidence. */
export function reasonText(reason, titles) {
  if (lang() === 'en') {
    return reason.text;
  }
  const names = reason.evidence.map((e) => {
    if (e.includes(':')) {
      return e.slice(e.indexOf(':') + 1); // category:baby, brand:Acme
    }
    const item = titles && titles.get(e);
    return item && item.title ? '“' + item.title + '”' : e;
  });
  const list = names.slice(0, 3).join('、');
  return t('why.' + reason.source, { items: list, n: names.length }, reason.text);
}

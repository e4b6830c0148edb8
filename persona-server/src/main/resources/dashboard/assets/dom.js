// Building the page without innerHTML: every piece of data goes in as text, so that an id or a
// title holding markup is shown, never run.

import { lang, t } from './i18n.js';

/**
 * h('a', {class: 'x', href: '#/users/u1', onclick: f}, 'text', child, [more]) -> an element.
 * Props: class, text, dataset (object), style (object), on<event> (function), anything else as an
 * attribute (false / null / undefined leave it out; true sets it empty). Children: nodes, strings
 * and numbers (as text), arrays (flattened), null / false (skipped).
 */
export function h(tag, props, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props || {})) {
    if (value === null || value === undefined || value === false) {
      continue;
    }
    if (key === 'class') {
      el.className = value;
    } else if (key === 'text') {
      el.textContent = String(value);
    } else if (key === 'dataset') {
      Object.assign(el.dataset, value);
    } else if (key === 'style') {
      Object.assign(el.style, value);
    } else if (key.startsWith('on') && typeof value === 'function') {
      el.addEventListener(key.slice(2), value);
    } else {
      el.setAttribute(key, value === true ? '' : String(value));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) {
      continue;
    }
    if (Array.isArray(c)) {
      append(el, c);
    } else if (c instanceof Node) {
      el.appendChild(c);
    } else {
      el.appendChild(document.createTextNode(String(c)));
    }
  }
}

/** Replaces an element's children. */
export function fill(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

/** A link inside the dashboard; each part of the path is encoded (ids may hold '/' or '#'). */
export function link(parts, text, props) {
  const href = '#/' + parts.map(encodeURIComponent).join('/');
  return h('a', { href, ...(props || {}) }, text);
}

export function locale() {
  return lang() === 'zh' ? 'zh-CN' : 'en';
}

/** Numbers, dates and durations in the language shown. */
export const fmt = {
  int(n) {
    return n === null || n === undefined ? '–' : new Intl.NumberFormat(locale()).format(Math.round(n));
  },
  num(n, digits = 2) {
    if (n === null || n === undefined || Number.isNaN(n)) {
      return '–';
    }
    return new Intl.NumberFormat(locale(), {
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    }).format(n);
  },
  pct(x, digits = 1) {
    if (x === null || x === undefined || Number.isNaN(x)) {
      return '–';
    }
    return new Intl.NumberFormat(locale(), {
      style: 'percent',
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    }).format(x);
  },
  ms(x) {
    if (x === null || x === undefined) {
      return '–';
    }
    return x < 10 ? fmt.num(x, 2) + ' ms' : fmt.num(x, x < 100 ? 1 : 0) + ' ms';
  },
  money(x) {
    return x === null || x === undefined ? '–' : fmt.num(x, 2);
  },
  bytes(n) {
    if (n === null || n === undefined) {
      return '–';
    }
    const units = ['B', 'KB', 'MB', 'GB', 'TB'];
    let i = 0;
    let v = n;
    while (v >= 1024 && i < units.length - 1) {
      v /= 1024;
      i++;
    }
    return fmt.num(v, i === 0 ? 0 : 1) + ' ' + units[i];
  },
  date(value) {
    if (value === null || value === undefined) {
      return '–';
    }
    const d = new Date(value);
    return Number.isNaN(d.getTime())
      ? String(value)
      : new Intl.DateTimeFormat(locale(), { dateStyle: 'medium', timeStyle: 'short' }).format(d);
  },
  time(value) {
    const d = new Date(value);
    return new Intl.DateTimeFormat(locale(), {
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    }).format(d);
  },
  /** "3 minutes ago", in the language shown. */
  ago(value) {
    if (value === null || value === undefined) {
      return '–';
    }
    const seconds = (new Date(value).getTime() - Date.now()) / 1000;
    const rtf = new Intl.RelativeTimeFormat(locale(), { numeric: 'auto' });
    const steps = [
      [60, 'second'],
      [3600, 'minute'],
      [86400, 'hour'],
      [86400 * 30, 'day'],
      [86400 * 365, 'month'],
    ];
    const abs = Math.abs(seconds);
    let unit = 'year';
    let div = 86400 * 365;
    for (const [limit, u] of steps) {
      if (abs < limit) {
        unit = u;
        div = { second: 1, minute: 60, hour: 3600, day: 86400, month: 86400 * 30 }[u];
        break;
      }
    }
    return rtf.format(Math.round(seconds / div), unit);
  },
  duration(seconds) {
    const s = Math.round(seconds);
    const d = Math.floor(s / 86400);
    const hh = Math.floor((s % 86400) / 3600);
    const mm = Math.floor((s % 3600) / 60);
    if (d > 0) {
      return t('duration.dh', { d, h: hh });
    }
    if (hh > 0) {
      return t('duration.hm', { h: hh, m: mm });
    }
    return t('duration.ms', { m: mm, s: s % 60 });
  },
};

/** A card: a titled box. */
export function card(title, ...body) {
  return h('section', { class: 'card' }, title ? h('h2', { text: title }) : null, ...body);
}

/** A label and a value, for definition lists. */
export function pair(label, value, props) {
  return [h('dt', { text: label }), h('dd', props || {}, value)];
}

/** The message shown where a part of a page has nothing to show, or failed. */
export function empty(text, ...more) {
  return h('div', { class: 'empty' }, h('p', { text }), ...more);
}

/** A failure of a part of the page, in words (the API's message where it gave one). */
export function failure(error) {
  if (error && error.status === 401) {
    return h('div', { class: 'empty warn', role: 'alert' }, h('p', { text: t('error.key') }));
  }
  const message = error && error.message ? error.message : String(error);
  return h('div', { class: 'empty warn', role: 'alert' }, h('p', { text: t('error.failed') }), h('p', { class: 'muted', text: message }));
}

/** Calls fn at most once per `ms` while input keeps coming, after it pauses. */
export function debounce(fn, ms) {
  let timer = null;
  return (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
}

/**
 * An id box (holding `value`) that opens '#/<route>/<id>' on submit: {form, input}. `list` names a datalist of
 * suggestions, `extra` goes in the form after the box (the datalist itself).
 */
export function searchBox({ id, route, label, button, value, list, extra }) {
  const input = h('input', {
    id: id + '-search',
    type: 'search',
    list,
    placeholder: label,
    'aria-label': label,
    value: value || '',
    autocomplete: 'off',
    spellcheck: 'false',
  });
  const form = h(
    'form',
    {
      class: 'search',
      role: 'search',
      onsubmit: (e) => {
        e.preventDefault();
        const v = input.value.trim();
        if (v) {
          location.hash = '#/' + route + '/' + encodeURIComponent(v);
        }
      },
    },
    input,
    extra,
    h('button', { type: 'submit', id: id + '-go', text: button }),
  );
  return { form, input };
}

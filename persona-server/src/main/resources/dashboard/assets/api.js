// The dashboard's only way to the server: the public HTTP API, with the API key (when one is
// entered) sent as "Authorization: Bearer <key>", as every other client sends it.

const KEY = 'persona.apiKey';

export class ApiError extends Error {
  constructor(status, body) {
    super((body && body.message) || 'HTTP ' + status);
    this.status = status;
    this.code = body && body.error;
    this.details = (body && body.details) || [];
    this.body = body;
  }
}

export function apiKey() {
  try {
    return localStorage.getItem(KEY) || '';
  } catch (e) {
    return '';
  }
}

export function setApiKey(key) {
  if (key) {
    localStorage.setItem(KEY, key);
  } else {
    localStorage.removeItem(KEY);
  }
  window.dispatchEvent(new CustomEvent('persona:key'));
}

function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) {
    if (v !== null && v !== undefined && v !== '') {
      q.set(k, String(v));
    }
  }
  const s = q.toString();
  return s ? '?' + s : '';
}

async function request(method, path, params, body) {
  const headers = { Accept: 'application/json' };
  const key = apiKey();
  if (key) {
    headers.Authorization = 'Bearer ' + key;
  }
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
  }
  const response = await fetch(path + query(params), {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  let json = null;
  if (text) {
    try {
      json = JSON.parse(text);
    } catch (e) {
      json = null;
    }
  }
  if (!response.ok) {
    if (response.status === 401) {
      window.dispatchEvent(new CustomEvent('persona:unauthorized'));
    }
    throw new ApiError(response.status, json);
  }
  return json;
}

export const api = {
  get: (path, params) => request('GET', path, params),
  put: (path, body) => request('PUT', path, null, body),
  post: (path, body) => request('POST', path, null, body),
  del: (path) => request('DELETE', path, null),
};

/** A path with each id encoded: api.path('/v1/users', id, 'profile'). */
export function path(...parts) {
  return parts.map((p, i) => (i === 0 ? p : encodeURIComponent(p))).join('/');
}

// Items are read once per page load and kept: lists name items by id, people read titles.
const items = new Map();

/** The catalogue record of each id (null for an id the catalogue does not hold). */
export async function itemsById(ids) {
  const missing = [...new Set(ids)].filter((id) => !items.has(id));
  await Promise.all(
    missing.map((id) =>
      api.get(path('/v1/items', id)).then(
        (item) => items.set(id, item),
        (e) => {
          if (e.status === 404) {
            items.set(id, null);
          } else {
            throw e;
          }
        },
      ),
    ),
  );
  const out = new Map();
  for (const id of ids) {
    out.set(id, items.get(id) || null);
  }
  return out;
}

/** Forgets cached items (an item page shows the catalogue as it is now). */
export function forgetItem(id) {
  items.delete(id);
}

// The operator API (docs/api.md) as the console uses it: same-origin fetch with the
// session cookie; every changing request carries the CSRF token (the script-readable
// softmcu_csrf cookie, also returned by login). Errors come back as ApiError with the
// server's stable code, the field it names and its message — already in the console's
// language, because the language switch sets the softmcu_lang cookie the server reads.

export class ApiError extends Error {
  constructor(status, code, field, message) {
    super(message || code);
    this.status = status;
    this.code = code;
    this.field = field;
  }
}

const listeners = {unauthorized: []};
export function onUnauthorized(fn) { listeners.unauthorized.push(fn); }

export function cookie(name) {
  for (const part of document.cookie.split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return decodeURIComponent(rest.join('='));
  }
  return '';
}

let csrfToken = '';
export function setCsrfToken(token) { csrfToken = token || ''; }

export async function api(method, path, body) {
  const headers = {Accept: 'application/json'};
  if (method !== 'GET') headers['X-CSRF-Token'] = cookie('softmcu_csrf') || csrfToken;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let response;
  try {
    response = await fetch(path, {method, headers, credentials: 'same-origin',
                                  body: body === undefined ? undefined : JSON.stringify(body)});
  } catch (e) {
    throw new ApiError(0, 'network', null, e.message);
  }
  if (response.status === 204) return null;
  const type = response.headers.get('Content-Type') || '';
  const data = type.startsWith('application/json') ? await response.json().catch(() => null) : await response.text();
  if (!response.ok) {
    const error = data && data.error ? data.error : {code: `http.${response.status}`, field: null, message: String(data)};
    const failure = new ApiError(response.status, error.code, error.field, error.message);
    if (response.status === 401 && !path.endsWith('/login')) listeners.unauthorized.forEach((fn) => fn(failure));
    throw failure;
  }
  return data;
}

export const get = (path) => api('GET', path);
export const post = (path, body) => api('POST', path, body ?? {});
export const put = (path, body) => api('PUT', path, body);
export const patch = (path, body) => api('PATCH', path, body);
export const del = (path) => api('DELETE', path);

// "?a=1&b=x" from an object, leaving out empty values.
export function query(params) {
  const q = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') q.set(key, value);
  }
  const text = q.toString();
  return text ? `?${text}` : '';
}

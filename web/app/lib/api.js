import { clearSession, getSession, goToLogin } from './session.js';

/** A failed request: the status and the server's JSON error ({statusCode, message, error, …}) when it sent one. */
export class ApiError extends Error {
  constructor(status, body) {
    super(body?.message ?? `HTTP ${status}`);
    this.status = status;
    this.body = body ?? {};
  }
}

function headers(extra = {}) {
  const result = { Accept: 'application/json', ...extra };
  const session = getSession();
  if (session) result.Authorization = `Bearer ${session.token}`;
  return result;
}

async function failure(res) {
  let body = null;
  try {
    body = await res.json();
  } catch {
    // not JSON
  }
  // Our session ran out or was revoked (a password change): sign in again, then come back.
  if (res.status === 401 && getSession()) {
    clearSession();
    goToLogin();
  }
  return new ApiError(res.status, body);
}

/** JSON in, JSON out. `json` is sent as the body; `form` (FormData) as multipart. `raw` returns the Response. */
export async function api(path, { method = 'GET', json, form, signal, raw = false } = {}) {
  const init = { method, signal, credentials: 'same-origin', headers: headers(json !== undefined ? { 'Content-Type': 'application/json' } : {}) };
  if (json !== undefined) init.body = JSON.stringify(json);
  else if (form) init.body = form;
  let res;
  try {
    res = await fetch(path, init);
  } catch (error) {
    if (error.name === 'AbortError') throw error;
    throw new ApiError(0, { message: error.message });
  }
  if (!res.ok) throw await failure(res);
  if (raw) return res;
  return res.status === 204 ? null : res.json();
}

export function query(params) {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  const text = search.toString();
  return text ? `?${text}` : '';
}

/** Multipart POST with upload progress (fetch cannot report it): onProgress(0…1). Resolves to the JSON body. */
export function upload(path, form, onProgress) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    for (const [name, value] of Object.entries(headers())) xhr.setRequestHeader(name, value);
    xhr.upload.addEventListener('progress', (event) => event.lengthComputable && onProgress(event.loaded / event.total));
    xhr.addEventListener('load', () => {
      let body = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        // not JSON
      }
      if (xhr.status >= 200 && xhr.status < 300) return resolve(body);
      if (xhr.status === 401 && getSession()) {
        clearSession();
        goToLogin();
      }
      reject(new ApiError(xhr.status, body));
    });
    xhr.addEventListener('error', () => reject(new ApiError(0, { message: 'Network error' })));
    xhr.send(form);
  });
}

/** Fetches a file with our credentials and hands it to the browser as a download. */
export async function download(path, fallbackName) {
  const res = await api(path, { raw: true });
  const disposition = res.headers.get('Content-Disposition') ?? '';
  const name = /filename="?([^";]+)"?/.exec(disposition)?.[1] ?? fallbackName;
  const url = URL.createObjectURL(await res.blob());
  const link = Object.assign(document.createElement('a'), { href: url, download: name });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return name;
}

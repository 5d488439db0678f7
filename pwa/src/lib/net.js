// HTTP to the API, usable from the page and the service worker (no DOM here).
// An answer without the API's error body (a proxy's page) is given the code the API uses for its status.
const STATUS_CODES = { 400: "bad_request", 401: "not_authenticated", 403: "forbidden", 404: "not_found",
  405: "method_not_allowed", 409: "conflict", 413: "too_large", 415: "unsupported_media_type",
  422: "validation_failed", 429: "too_many_requests" };

// `message` is the server's, in `lang` (the language asked for); empty when the server gave none.
export class ApiError extends Error {
  constructor(status, body, lang) {
    const e = (body && body.error) || {};
    super(e.message || "");
    this.status = status;
    this.code = e.code || STATUS_CODES[status] || "server_error";
    this.fields = e.fields || {};
    this.lang = lang;
  }
}

export class NetworkError extends Error {}

let token = null;

export async function csrfToken(refresh = false) {
  if (!token || refresh) {
    const response = await fetch("/api/v1/auth/csrf", { credentials: "same-origin", cache: "no-store" });
    token = (await response.json()).csrf_token;
  }
  return token;
}

export function forgetCsrf() {
  token = null;
}

const UNSAFE = new Set(["POST", "PUT", "PATCH", "DELETE"]);

// Sends one request; JSON bodies unless `form` (FormData) is given. Throws ApiError or NetworkError.
export async function send(method, url, { json, form, lang = "zh", retried = false } = {}) {
  const headers = { Accept: "application/json", "Accept-Language": lang === "en" ? "en" : "zh-CN,zh" };
  let response;
  try {
    if (UNSAFE.has(method)) headers["X-CSRFToken"] = await csrfToken();
    if (json !== undefined) headers["Content-Type"] = "application/json";
    response = await fetch(url, {
      method, headers, credentials: "same-origin", cache: "no-store",
      body: form || (json !== undefined ? JSON.stringify(json) : undefined),
    });
  } catch (error) {
    throw new NetworkError(error.message);
  }
  const type = response.headers.get("Content-Type") || "";
  const body = type.includes("json") ? await response.json().catch(() => null) : null;
  if (response.status === 400 && body?.error?.code === "csrf_failed" && !retried) {
    forgetCsrf();
    return send(method, url, { json, form, lang, retried: true });
  }
  if (!response.ok) {
    // A gateway or a stopped server behind a proxy: as good as no network, keep the write queued.
    if (!body?.error && response.status >= 500) throw new NetworkError(`HTTP ${response.status}`);
    throw new ApiError(response.status, body, lang);
  }
  let page = null;
  try {
    page = JSON.parse(response.headers.get("X-Pagination") || "null");
  } catch { /* no paging */ }
  return { data: body, status: response.status, page };
}

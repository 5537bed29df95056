/**
 * The fetch handed to Bolt and every Web API client: undici's `request` over one keep-alive pool,
 * answered as a WHATWG `Response`. Node's global fetch is the same library's spec-complete fetch,
 * which costs about twice the CPU per call (a Request object, body streams, mixins): under a burst
 * the bot answers 200 `response_url`s and posts alerts at hundreds a second, all on its main
 * thread (issue 15). Bodies this does not send as they are (FormData, Blob, streams: file uploads)
 * go to the global fetch.
 */
import { STATUS_CODES } from 'node:http';
import { Agent, interceptors, request, type Dispatcher } from 'undici';

type Fetch = typeof globalThis.fetch;
type HeadersInit = NonNullable<RequestInit['headers']>;

/** Statuses whose Response may not carry a body (the Response constructor refuses one). */
const NULL_BODY = new Set([101, 103, 204, 205, 304]);

/** Each JSON or text response's body, read once here: observedFetch peeks at it without reading the body again. */
const texts = new WeakMap<Response, string>();

/** The body of a response from this fetch, as text (undefined for any other response). */
export const peekText = (response: Response): string | undefined => texts.get(response);

/** Plain-object headers pass as they are (the clients' case); a Headers or a list is copied. */
function requestHeaders(headers: HeadersInit | undefined): Record<string, string> | undefined {
  if (headers === undefined) return undefined;
  if (!(headers instanceof Headers) && !Array.isArray(headers)) return headers as Record<string, string>;
  return Object.fromEntries(new Headers(headers));
}

/** undici's response headers as a Response takes them (a repeated header, e.g. set-cookie, appended). */
function responseHeaders(raw: Record<string, string | string[] | undefined>): HeadersInit {
  const list: Array<[string, string]> = [];
  for (const [name, value] of Object.entries(raw)) {
    if (Array.isArray(value)) for (const v of value) list.push([name, v]);
    else if (value !== undefined) list.push([name, value]);
  }
  return list;
}

/** The body as undici sends it, or undefined when only the global fetch knows how. */
function plainBody(body: RequestInit['body']): string | Uint8Array | null | undefined {
  if (body === undefined || body === null) return null;
  if (typeof body === 'string' || body instanceof Uint8Array) return body;
  if (body instanceof URLSearchParams) return body.toString();
  return undefined;
}

/**
 * One pool per bot, living as long as the process (as the global fetch's): its idle connections do
 * not keep the process alive, and each closes after the keep-alive time the server allows.
 */
export function createSlackFetch(): Fetch {
  const agent = new Agent();
  // fetch's default `redirect: 'follow'`; `error` (the Web API clients') and `manual` get the plain pool.
  const following: Dispatcher = agent.compose(interceptors.redirect({ maxRedirections: 20 }));

  return async (input, init) => {
    const body = plainBody(init?.body);
    if (body === undefined || input instanceof Request) return globalThis.fetch(input, init);
    const url = input instanceof URL ? input.href : input;
    const redirect = init?.redirect ?? 'follow';
    let res: Dispatcher.ResponseData;
    try {
      res = await request(url, {
        method: (init?.method ?? 'GET') as Dispatcher.HttpMethod,
        headers: requestHeaders(init?.headers),
        body,
        signal: init?.signal ?? undefined,
        dispatcher: redirect === 'follow' ? following : agent,
      });
    } catch (error) {
      // As fetch: an aborted call rejects with the signal's reason (TimeoutError for AbortSignal.timeout).
      if (init?.signal?.aborted) throw init.signal.reason;
      throw new TypeError('fetch failed', { cause: error });
    }
    if (redirect === 'error' && res.statusCode >= 300 && res.statusCode < 400) {
      await res.body.dump();
      throw new TypeError('fetch failed', { cause: new Error(`unexpected redirect (HTTP ${res.statusCode}) from ${url}`) });
    }
    const init2 = { status: res.statusCode, statusText: STATUS_CODES[res.statusCode] ?? '', headers: responseHeaders(res.headers) };
    if (NULL_BODY.has(res.statusCode)) {
      await res.body.dump();
      return new Response(null, init2);
    }
    // Slack answers JSON (or text); anything else keeps its bytes.
    if (!/json|^text\//.test(String(res.headers['content-type'] ?? ''))) return new Response(new Uint8Array(await res.body.arrayBuffer()), init2);
    const text = await res.body.text();
    const response = new Response(text, init2);
    texts.set(response, text);
    return response;
  };
}

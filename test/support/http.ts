/**
 * `fetch`, sending an idempotent request (GET, HEAD) once more when the connection it went out on was reset. An
 * idle keep-alive connection the server closes at the moment a request leaves on it fails that request with a
 * reset that says nothing of the server (RFC 9112 §9.3.1: a client may retry an idempotent request then, as
 * HTTP clients do); a server that is down or crashed fails the second attempt too.
 */
export async function fetchRetryingReset(url: string, init: RequestInit = {}): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch (error) {
    const method = (init.method ?? 'GET').toUpperCase();
    if ((method !== 'GET' && method !== 'HEAD') || !wasReset(error)) throw error;
    return fetch(url, init);
  }
}

function wasReset(error: unknown): boolean {
  const cause = (error as { cause?: { code?: string } }).cause;
  return cause?.code === 'ECONNRESET' || cause?.code === 'UND_ERR_SOCKET' || cause?.code === 'EPIPE';
}

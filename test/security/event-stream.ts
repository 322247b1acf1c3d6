import { ApiInstance } from '../support/api-instance';

/** An open `GET /events` stream of an API instance and everything it has sent so far. */
export interface EventStream {
  /** The raw text/event-stream received since it opened. */
  received(): string;
  close(): void;
}

/** Opens the instance's Server-Sent Events stream with its viewer key; resolves once the stream answered 200. */
export async function openEventStream(api: ApiInstance): Promise<EventStream> {
  const abort = new AbortController();
  const response = await fetch(`${api.url}/events`, { headers: api.headers('viewer'), signal: abort.signal });
  if (response.status !== 200 || response.body === null) throw new Error(`GET /events on ${api.org}: ${response.status}`);
  let text = '';
  const decoder = new TextDecoder();
  const reading = (async () => {
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) text += decoder.decode(chunk, { stream: true });
  })();
  // Closing aborts the read; that rejection is the expected end of the stream.
  reading.catch(() => undefined);
  return { received: () => text, close: () => abort.abort() };
}

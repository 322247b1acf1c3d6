import { api, type StatusChange } from './client';

/**
 * Follows the instance's Server-Sent Events (GET /events) through the typed client: EventSource cannot send the
 * API key, so the stream is read with fetch and parsed here (`event:`/`id:`/`data:` fields, blank-line separated).
 * Reconnects after a drop; `stop` ends it.
 */
export function followStatusChanges(onChange: (change: StatusChange) => void, onState: (live: boolean) => void): () => void {
  const abort = new AbortController();
  const run = async (): Promise<void> => {
    while (!abort.signal.aborted) {
      try {
        const { response } = await api.GET('/events', { parseAs: 'stream', signal: abort.signal });
        if (!response.ok || response.body === null) throw new Error(`HTTP ${response.status}`);
        onState(true);
        await readEvents(response.body, (type, data) => {
          if (type === 'payment.status_changed') onChange(JSON.parse(data) as StatusChange);
        });
      } catch {
        // dropped or refused: say so and retry below
      }
      onState(false);
      if (!abort.signal.aborted) await new Promise((resolve) => setTimeout(resolve, 2_000));
    }
  };
  void run();
  return () => abort.abort();
}

async function readEvents(body: ReadableStream<Uint8Array>, onEvent: (type: string, data: string) => void): Promise<void> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += decoder.decode(value, { stream: true });
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      let type = 'message';
      const data: string[] = [];
      for (const line of block.split('\n')) {
        if (line.startsWith('event:')) type = line.slice(6).trim();
        else if (line.startsWith('data:')) data.push(line.slice(5).trimStart());
      }
      if (data.length > 0) onEvent(type, data.join('\n'));
    }
  }
}

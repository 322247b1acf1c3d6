/** One Server-Sent Events message: its `event:` and `data:` fields (multi-line data joined by newlines). */
export interface SseMessage {
  event: string;
  data: string;
}

/**
 * Reads a Server-Sent Events response, calling `onMessage` for each message as soon as its block is complete,
 * until the stream ends or its request is aborted.
 */
export async function readSse(response: Response, onMessage: (message: SseMessage) => void): Promise<void> {
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const field = (name: string) => block.split('\n').filter((line) => line.startsWith(`${name}:`)).map((line) => line.slice(name.length + 1).trim()).join('\n');
        onMessage({ event: field('event'), data: field('data') });
      }
    }
  } catch {
    // the request was aborted: the reader is done
  }
}

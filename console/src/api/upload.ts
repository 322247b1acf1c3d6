/**
 * A `fetch` for the typed client that reports upload progress: fetch itself cannot (Chromium streams request
 * bodies only over HTTP/2), XMLHttpRequest can. Same request, same response, plus `onProgress(sent, total)`.
 */
export function fetchWithUploadProgress(onProgress: (sent: number, total: number) => void): (request: Request) => Promise<Response> {
  return async (request: Request): Promise<Response> => {
    const body = await request.arrayBuffer();
    return new Promise<Response>((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open(request.method, request.url);
      request.headers.forEach((value, name) => xhr.setRequestHeader(name, value));
      xhr.responseType = 'arraybuffer';
      xhr.upload.onprogress = (event) => onProgress(event.loaded, event.lengthComputable ? event.total : body.byteLength);
      xhr.onload = () => {
        const headers = new Headers();
        for (const line of xhr.getAllResponseHeaders().trim().split(/\r?\n/)) {
          const at = line.indexOf(':');
          if (at > 0) headers.append(line.slice(0, at).trim(), line.slice(at + 1).trim());
        }
        onProgress(body.byteLength, body.byteLength);
        resolve(new Response(xhr.response as ArrayBuffer, { status: xhr.status, statusText: xhr.statusText, headers }));
      };
      xhr.onerror = () => reject(new TypeError('the upload failed (network error)'));
      xhr.send(body);
    });
  };
}

// XMLHttpRequest for Node, over Node's fetch: just the part of the browser
// API that the dicomweb-client library uses (open, setRequestHeader, send,
// responseType "", "text", "json" or "arraybuffer", readyState 4 with
// onreadystatechange / onload / onerror / onloadend, status, response,
// getResponseHeader, getAllResponseHeaders). dicomweb-client is written for
// browsers; this lets the same library code talk to the server from Node.

export class NodeXMLHttpRequest {
  constructor() {
    this.readyState = 0;
    this.status = 0;
    this.response = null;
    this.responseText = '';
    this.responseType = '';
    this.withCredentials = false;
    this.headersSent = {};
    this.responseHeaders = new Headers();
  }

  open(method, url) {
    this.method = method.toUpperCase();
    this.url = url;
    this.readyState = 1;
  }

  setRequestHeader(name, value) {
    this.headersSent[name] = value;
  }

  getResponseHeader(name) {
    return this.responseHeaders.get(name);
  }

  getAllResponseHeaders() {
    return [...this.responseHeaders].map(([name, value]) => `${name}: ${value}\r\n`).join('');
  }

  send(body) {
    this.onloadstart?.();
    fetch(this.url, { method: this.method, headers: this.headersSent, body: body ?? undefined })
      .then(async (answer) => {
        const bytes = await answer.arrayBuffer();
        this.status = answer.status;
        this.responseHeaders = answer.headers;
        const text = () => new TextDecoder().decode(bytes);
        if (this.responseType === 'arraybuffer') {
          this.response = bytes;
        } else if (this.responseType === 'json') {
          try {
            this.response = bytes.byteLength > 0 ? JSON.parse(text()) : null;
          } catch {
            this.response = null; // as browsers do for a body that is not JSON
          }
        } else {
          this.responseText = text();
          this.response = this.responseText;
        }
        this.readyState = 4;
        this.onreadystatechange?.();
        this.onload?.();
        this.onloadend?.();
      })
      .catch((error) => {
        this.error = error;
        this.readyState = 4;
        this.status = 0;
        this.onreadystatechange?.();
        this.onerror?.(error);
        this.onloadend?.();
      });
  }
}

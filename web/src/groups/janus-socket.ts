// The browser's WebSocket to Janus through the server's own origin
// (`GET /janus`, subprotocol `janus-protocol`; docs/api.md "Group rooms").

import type { OpenJanusSocket } from './janus-session';

export function janusUrl(path: string): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}${path}`;
}

/** Resolves with the open socket, or undefined when it cannot open (503 while Janus restarts). */
export function openJanusSocket(path: string): OpenJanusSocket {
  return (handlers) =>
    new Promise((resolve) => {
      let socket: WebSocket;
      try {
        socket = new WebSocket(janusUrl(path), 'janus-protocol');
      } catch {
        resolve(undefined);
        return;
      }
      let open = false;
      socket.onopen = () => {
        open = true;
        resolve({ send: (text) => socket.readyState === WebSocket.OPEN && socket.send(text), close: () => socket.close() });
      };
      socket.onmessage = (event) => {
        if (typeof event.data === 'string') handlers.received(event.data);
      };
      socket.onclose = () => {
        if (open) handlers.closed();
        else resolve(undefined);
      };
    });
}

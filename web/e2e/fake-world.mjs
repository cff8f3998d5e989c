// A stand-in for the realtime world while the server does not serve it yet
// (development only; `node e2e/run.mjs --fake-world` uses it). It is a
// reverse proxy in front of the real server: sign-in, static files and CSP
// come from the real server; /ws (the binary protocol, via the client's own
// codec) and GET /api/spaces[/{id}] (from ../spaces/*.json, or a built-in
// lobby and one department) are answered here. Plain snapshots: full
// positions every tick, no interest management or budgets.

import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createServer, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ts from 'typescript';

async function loadCodec(web) {
  const dir = mkdtempSync(join(tmpdir(), 'mc-codec-'));
  for (const name of ['codec', 'messages']) {
    const source = readFileSync(join(web, `src/net/${name}.ts`), 'utf8');
    const output = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } });
    writeFileSync(join(dir, `${name}.mjs`), output.outputText.replace(/from '\.\/messages'/g, "from './messages.mjs'"));
  }
  return import(join(dir, 'codec.mjs'));
}

const builtInSpaces = [
  {
    id: 'lobby', name: 'Hospital lobby', department: '', policy: 'public', capacity: 500,
    bounds: { min: [-20, 0, -20], max: [20, 6, 20] },
    zones: [
      { id: 'hall', name: 'Main hall', kind: 'waiting', box: { min: [-20, 0, -20], max: [20, 6, 20] } },
      { id: 'reception', name: 'Reception', kind: 'consult', walled: true, box: { min: [6, 0, -6], max: [12, 3, 0] }, doors: [{ side: 'west', offset: 3, width: 1.4 }] },
      { id: 'seating', name: 'Seating area', kind: 'waiting', box: { min: [-14, 0, 6], max: [-4, 3, 12] } },
    ],
    walls: [{ box: { min: [-2, -2], max: [-1, -1] } }],
    spawn_points: [{ position: [0, 0, -10], yaw_deg: 180 }, { position: [2, 0, -10], yaw_deg: 180 }],
    portals: [{ id: 'to-cardiology', name: 'Cardiology', box: { min: [-2, 0, 18], max: [2, 3, 20] }, target: 'cardiology-waiting', target_spawn: 0 }],
  },
  {
    id: 'cardiology-waiting', name: 'Cardiology waiting room', department: 'cardiology', policy: 'public', capacity: 50,
    bounds: { min: [-10, 0, -10], max: [10, 4, 10] },
    zones: [{ id: 'waiting', name: 'Waiting area', kind: 'waiting', box: { min: [-8, 0, -8], max: [8, 3, 8] } }],
    spawn_points: [{ position: [0, 0, -6], yaw_deg: 0 }],
    portals: [{ id: 'to-lobby', name: 'Lobby', box: { min: [-2, 0, -10], max: [2, 3, -9] }, target: 'lobby', target_spawn: 0 }],
  },
];

function loadSpaces(repo) {
  const dir = join(repo, 'spaces');
  if (!existsSync(dir)) return builtInSpaces;
  const files = readdirSync(dir).filter((name) => name.endsWith('.json'));
  if (files.length === 0) return builtInSpaces;
  return files.map((name) => JSON.parse(readFileSync(join(dir, name), 'utf8')));
}

// ---- minimal WebSocket framing (server side, RFC 6455) ----
function acceptKey(key) {
  return createHash('sha1').update(key + '258EAFA5-E914-47DA-95CA-C5AB0DC85B11').digest('base64');
}
function frameOf(payload, opcode = 2) {
  const length = payload.length;
  const header = length < 126 ? Buffer.from([0x80 | opcode, length]) : length < 65536 ? Buffer.from([0x80 | opcode, 126, length >> 8, length & 255]) : null;
  if (!header) throw new Error('frame too large');
  return Buffer.concat([header, Buffer.from(payload)]);
}

export async function startFakeWorld({ upstream, web, repo }) {
  const codec = await loadCodec(web);
  const spaces = new Map(loadSpaces(repo).map((space) => [space.id, space]));
  const upstreamUrl = new URL(upstream);
  const clients = new Set();
  let nextEntity = 1;
  let tick = 0;
  const boundsOf = (space) => ({
    min: { x: space.bounds.min[0], y: space.bounds.min[1], z: space.bounds.min[2] },
    max: { x: space.bounds.max[0], y: space.bounds.max[1], z: space.bounds.max[2] },
  });

  function send(client, message) {
    if (!client.socket.destroyed) client.socket.write(frameOf(codec.encode(message)));
  }
  const nextSpawn = new Map();
  function join(client, spaceId, spawnIndex) {
    const space = spaces.get(spaceId);
    if (!space) return send(client, { type: 'error', in_reply_to: 2, code: 'space_not_found', message: `There is no space "${spaceId}".` });
    if (client.space) send(client, { type: 'left', space: client.space, reason: 0 });
    const bounds = boundsOf(space);
    if (spawnIndex === undefined) {
      spawnIndex = (nextSpawn.get(spaceId) ?? 0) % space.spawn_points.length;
      nextSpawn.set(spaceId, spawnIndex + 1);
    }
    const spawn = space.spawn_points[Math.min(spawnIndex, space.spawn_points.length - 1)];
    const q = (v, i) => {
      const lo = space.bounds.min[i], hi = space.bounds.max[i];
      return Math.max(0, Math.min(65535, Math.round(((v - lo) / (hi - lo)) * 65535)));
    };
    const transform = { x: q(spawn.position[0], 0), y: q(spawn.position[1], 1), z: q(spawn.position[2], 2), rotation: 0xc0000000 | (511 << 20) | (511 << 10) | 511 };
    client.space = spaceId;
    client.pose = { body: transform, head: { ...transform }, has_hands: false, left_hand: transform, right_hand: transform };
    client.seen = new Map();
    send(client, { type: 'joined', space: spaceId, bounds, spawn: transform });
  }
  function onMessage(client, bytes) {
    const decoded = codec.decodeClientMessage(new Uint8Array(bytes));
    if (!decoded.ok) return client.socket.destroy();
    const message = decoded.message;
    switch (message.type) {
      case 'hello':
        send(client, { type: 'welcome', version: 1, server_time_ms: Date.now(), entity: client.entity, tick_interval_ms: 50, byte_budget_per_second: 8192 });
        break;
      case 'join':
        join(client, message.space);
        break;
      case 'pose':
        client.pose = message.pose;
        client.ack = message.sequence;
        break;
      case 'chat':
        for (const other of clients) {
          if (other.space !== client.space) continue;
          if (message.scope === 2 && other.entity !== message.target && other !== client) continue;
          send(other, { type: 'chat_message', scope: message.scope, from: client.entity, from_name: client.name, text: message.text });
        }
        break;
      case 'use_portal': {
        const portal = spaces.get(client.space)?.portals?.find((p) => p.id === message.portal);
        if (portal) {
          send(client, { type: 'left', space: client.space, reason: 1 });
          client.space = '';
          join(client, portal.target, portal.target_spawn ?? 0);
        }
        break;
      }
      case 'ping':
        send(client, { type: 'pong', nonce: message.nonce, server_time_ms: Date.now() });
        break;
      default:
        break;
    }
  }
  const timer = setInterval(() => {
    tick++;
    for (const client of clients) {
      if (!client.space) continue;
      const records = [];
      const present = new Set();
      for (const other of clients) {
        if (other === client || other.space !== client.space || !other.pose) continue;
        present.add(other.entity);
        const entered = !client.seen.has(other.entity);
        const key = JSON.stringify(other.pose);
        if (!entered && client.seen.get(other.entity) === key) continue;
        client.seen.set(other.entity, key);
        records.push({
          ...codec.emptyRecord(other.entity),
          flags: (entered ? codec.kRecordEntered : 0) | 0x0f | (other.pose.has_hands ? codec.kRecordHands : 0),
          kind: other.kind, status: 0, name: other.name,
          body_position: [other.pose.body.x, other.pose.body.y, other.pose.body.z], body_rotation: other.pose.body.rotation,
          head_position: [other.pose.head.x, other.pose.head.y, other.pose.head.z], head_rotation: other.pose.head.rotation,
          has_hands: other.pose.has_hands, left_hand: other.pose.left_hand, right_hand: other.pose.right_hand,
        });
      }
      for (const entity of [...client.seen.keys()]) {
        if (!present.has(entity)) {
          client.seen.delete(entity);
          records.push({ ...codec.emptyRecord(entity), flags: codec.kRecordLeft });
        }
      }
      send(client, { type: 'snapshot', tick, ack_sequence: client.ack ?? 0, records });
    }
  }, 50);

  const server = createServer((req, res) => {
    const match = /^\/api\/spaces(?:\/([^/?]+))?(?:\?.*)?$/.exec(req.url ?? '');
    if (match && req.method === 'GET') {
      res.setHeader('Content-Type', 'application/json');
      if (!match[1]) {
        res.end(JSON.stringify({ spaces: [...spaces.values()].filter((s) => !s.template).map((s) => ({ id: s.id, name: s.name, department: s.department ?? '', policy: s.policy, capacity: s.capacity })) }));
      } else if (spaces.has(decodeURIComponent(match[1]))) {
        res.end(JSON.stringify(spaces.get(decodeURIComponent(match[1]))));
      } else {
        res.statusCode = 404;
        res.end(JSON.stringify({ error: { code: 'space_not_found', message: 'no such space' } }));
      }
      return;
    }
    const headers = { ...req.headers, host: upstreamUrl.host };
    if (headers.origin) headers.origin = upstream;
    const proxied = request({ host: upstreamUrl.hostname, port: upstreamUrl.port, path: req.url, method: req.method, headers }, (upstreamResponse) => {
      res.writeHead(upstreamResponse.statusCode ?? 502, upstreamResponse.headers);
      upstreamResponse.pipe(res);
    });
    proxied.on('error', () => {
      res.statusCode = 502;
      res.end();
    });
    req.pipe(proxied);
  });

  server.on('upgrade', async (req, socket) => {
    if (!req.url?.startsWith('/ws')) return socket.destroy();
    const me = await fetch(upstream + '/api/me', { headers: { cookie: req.headers.cookie ?? '' } }).catch(() => undefined);
    if (!me || !me.ok) {
      socket.end('HTTP/1.1 401 Unauthorized\r\n\r\n');
      return;
    }
    const user = await me.json();
    socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${acceptKey(req.headers['sec-websocket-key'])}\r\n\r\n`);
    // As the world does (src/world/access.cpp): staff by capability, a guest by role.
    const staff = (user.capabilities ?? []).includes('staff_spaces');
    const client = { socket, entity: nextEntity++, name: user.name || user.login, kind: staff ? 1 : user.role === 'guest' ? 2 : 0, space: '', seen: new Map() };
    clients.add(client);
    let buffer = Buffer.alloc(0);
    socket.on('data', (chunk) => {
      buffer = Buffer.concat([buffer, chunk]);
      while (buffer.length >= 2) {
        const opcode = buffer[0] & 0x0f;
        let length = buffer[1] & 0x7f;
        let offset = 2;
        if (length === 126) {
          if (buffer.length < 4) return;
          length = buffer.readUInt16BE(2);
          offset = 4;
        } else if (length === 127) {
          return socket.destroy();
        }
        const masked = (buffer[1] & 0x80) !== 0;
        if (buffer.length < offset + (masked ? 4 : 0) + length) return;
        const mask = masked ? buffer.subarray(offset, offset + 4) : undefined;
        offset += masked ? 4 : 0;
        const payload = Buffer.from(buffer.subarray(offset, offset + length));
        if (mask) for (let i = 0; i < payload.length; ++i) payload[i] ^= mask[i % 4];
        buffer = buffer.subarray(offset + length);
        if (opcode === 8) {
          socket.end(frameOf(new Uint8Array([0x03, 0xe8]), 8));
          return;
        }
        if (opcode === 9) socket.write(frameOf(payload, 10));
        else if (opcode === 2) onMessage(client, payload);
      }
    });
    const gone = () => clients.delete(client);
    socket.on('close', gone);
    socket.on('error', gone);
  });

  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = server.address().port;
  return {
    url: `http://127.0.0.1:${port}`,
    async stop() {
      clearInterval(timer);
      for (const client of clients) client.socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

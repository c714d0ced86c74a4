// A real smart-HTTP git server for tests: `git http-backend` (CGI) behind a small node http server on
// 127.0.0.1, with optional basic auth and an optional delay before each answer (to catch a clone mid-way).

import { spawn } from 'node:child_process';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface GitHttpServer {
  /** `http://127.0.0.1:PORT` (no trailing slash); repos are served at `${base}/NAME` under `root`. */
  base: string;
  /** Requests seen, as `METHOD path?query` with the Authorization header's presence. */
  requests: { method: string; url: string; authorized: boolean }[];
  close(): Promise<void>;
}

export interface GitHttpServerOptions {
  /** Folder whose subfolders are the served (bare) repositories. */
  root: string;
  /** Basic auth the server demands; without it every request is served. */
  auth?: { username: string; password: string };
  /** A query parameter every request must carry (a token in the URL, as some forges and proxies take). */
  queryToken?: { name: string; value: string };
  /** Milliseconds to wait before answering each request. */
  delayMs?: number;
}

function authorized(req: IncomingMessage, opts: GitHttpServerOptions): boolean {
  if (opts.queryToken) {
    const { query } = splitRequest(req.url ?? '/');
    if (!query.split('&').includes(`${opts.queryToken.name}=${opts.queryToken.value}`)) return false;
  }
  const auth = opts.auth;
  if (!auth) return true;
  const header = req.headers.authorization ?? '';
  const expected = `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}`;
  return header === expected;
}

/**
 * Path and query of a request. git appends `info/refs` or `git-upload-pack` to the whole URL, query
 * included (`/r.git?token=x/info/refs&service=…`): that part moves back onto the path.
 */
export function splitRequest(raw: string): { path: string; query: string } {
  const url = new URL(raw, 'http://localhost');
  let path = decodeURIComponent(url.pathname);
  let query = url.search.replace(/^\?/, '');
  const slash = query.indexOf('/');
  if (slash >= 0) {
    const after = query.slice(slash);
    const amp = after.indexOf('&');
    path += amp < 0 ? after : after.slice(0, amp);
    query = query.slice(0, slash) + (amp < 0 ? '' : after.slice(amp));
  }
  return { path, query };
}

export function runBackend(req: IncomingMessage, res: ServerResponse, root: string): void {
  const { path, query } = splitRequest(req.url ?? '/');
  const child = spawn('git', ['http-backend'], {
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      GIT_PROJECT_ROOT: root,
      GIT_HTTP_EXPORT_ALL: '1',
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_CONFIG_GLOBAL: '/dev/null',
      REQUEST_METHOD: req.method ?? 'GET',
      PATH_INFO: path,
      QUERY_STRING: query,
      CONTENT_TYPE: req.headers['content-type'] ?? '',
      ...(req.headers['content-length'] ? { CONTENT_LENGTH: req.headers['content-length'] } : {}),
      ...(req.headers['content-encoding'] ? { HTTP_CONTENT_ENCODING: req.headers['content-encoding'] } : {}),
      ...(req.headers['git-protocol'] ? { GIT_PROTOCOL: String(req.headers['git-protocol']) } : {}),
      REMOTE_USER: 'test',
      REMOTE_ADDR: '127.0.0.1',
    },
    stdio: ['pipe', 'pipe', 'ignore'],
  });
  req.pipe(child.stdin);
  child.stdin.on('error', () => {});
  let head = Buffer.alloc(0);
  let headersDone = false;
  child.stdout.on('data', (chunk: Buffer) => {
    if (headersDone) {
      res.write(chunk);
      return;
    }
    head = Buffer.concat([head, chunk]);
    const end = head.indexOf('\r\n\r\n');
    if (end < 0) return;
    headersDone = true;
    let status = 200;
    for (const line of head.subarray(0, end).toString('latin1').split('\r\n')) {
      const colon = line.indexOf(':');
      const name = line.slice(0, colon).trim();
      const value = line.slice(colon + 1).trim();
      if (/^status$/i.test(name)) status = Number.parseInt(value, 10);
      else res.setHeader(name, value);
    }
    res.statusCode = status;
    res.write(head.subarray(end + 4));
  });
  child.on('close', () => res.end());
  child.on('error', () => {
    res.statusCode = 500;
    res.end();
  });
}

/** Starts the server; close it in afterAll. */
export async function startGitHttpServer(opts: GitHttpServerOptions): Promise<GitHttpServer> {
  const requests: GitHttpServer['requests'] = [];
  const server: Server = createServer((req, res) => {
    const ok = authorized(req, opts);
    requests.push({ method: req.method ?? '', url: req.url ?? '', authorized: ok });
    setTimeout(() => {
      if (!ok) {
        res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="agora-test"' }).end();
        return;
      }
      runBackend(req, res, opts.root);
    }, opts.delayMs ?? 0);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
